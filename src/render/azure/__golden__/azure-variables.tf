# vbrwall: provider and variables shared by every vbrwall Azure file of this directory.
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 3.0"
    }
  }
}

# Remove this block when your configuration already configures the azurerm provider.
provider "azurerm" {
  features {}
}

variable "resource_group_name" {
  description = "Resource group of the network security groups"
  type        = string
}

variable "location" {
  description = "Azure region of the network security groups"
  type        = string
}
