/**
 * The AWS target: security groups and their rules as Terraform.
 * @module
 */
import type { Renderer } from '../types.js';
import { AWS_SUPPORTS, renderAws } from './render.js';

export const aws: Renderer = {
  id: 'aws',
  names: ['aws-sg', 'terraform-aws'],
  title: 'AWS security groups (Terraform, hashicorp/aws >= 5)',
  kind: 'cloud',
  extension: 'tf',
  supports: AWS_SUPPORTS,
  docs: [
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_ingress_rule',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_egress_rule',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ec2_managed_prefix_list',
    'https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html',
  ],
  render: renderAws,
};
