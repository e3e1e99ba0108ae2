/**
 * The Azure target: network security groups and their rules as Terraform.
 * @module
 */
import type { Renderer } from '../types.js';
import { AZURE_SUPPORTS, renderAzure } from './render.js';

export const azure: Renderer = {
  id: 'azure',
  names: ['azure-nsg', 'nsg', 'terraform-azure'],
  title: 'Azure network security groups (Terraform, hashicorp/azurerm >= 3)',
  kind: 'cloud',
  extension: 'tf',
  supports: AZURE_SUPPORTS,
  docs: [
    'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_group',
    'https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview',
    'https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits',
    'https://github.com/MicrosoftDocs/azure-docs/issues/34567',
    'https://github.com/hashicorp/terraform-provider-azurerm/issues/12534',
  ],
  render: renderAzure,
};
