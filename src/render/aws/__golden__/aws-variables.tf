# vbrwall: provider and variables shared by every vbrwall AWS file of this directory.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "vpc_id" {
  description = "ID of the VPC that holds the security groups"
  type        = string
}
