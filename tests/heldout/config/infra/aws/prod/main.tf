terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.34"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
    datadog = {
      source  = "DataDog/datadog"
      version = "~> 3.36"
    }
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 4.23"
    }
  }

  backend "s3" {
    bucket         = "example-terraform-state-prod"
    key            = "orders/prod/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "terraform-locks"
    encrypt        = true
    kms_key_id     = "alias/terraform-state"
  }
}

# The pipeline role is assumed by Atlantis; the static keys below are the break-glass user
# for when Atlantis is down (ops runbook RB-17).
provider "aws" {
  region     = var.region
  # expect: secret
  access_key = "AKIA60SHQY0PVT1GVR3O"
  # expect: secret
  secret_key = "kIhlSpORJQ1wX1SLA0XLK5GlaQxL3yjH7rXPEYfL"

  default_tags {
    tags = var.tags
  }
}

provider "datadog" {
  api_key = var.datadog_api_key
  app_key = var.datadog_app_key
  api_url = "https://api.datadoghq.eu/"
}

provider "cloudflare" {
  api_token = var.cloudflare_api_token
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "db_username" {
  type    = string
  default = "orders_admin"
}

variable "db_password_min_length" {
  type    = number
  default = 32
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
  # expect: secret
  default   = "12e6b264e554304d835b4c8cf63c17d2"
}

variable "datadog_app_key" {
  type      = string
  sensitive = true
}

variable "cloudflare_api_token" {
  type        = string
  sensitive   = true
  description = "Token with Zone:DNS:Edit on example.io; set in terraform.tfvars"
}

variable "grafana_admin_password" {
  type      = string
  sensitive = true
  default   = ""
}

variable "api_key_rotation_days" {
  type    = number
  default = 90
}

variable "bastion_key_name" {
  type    = string
  default = "prod-bastion-2024"
}

resource "random_password" "db_master" {
  length           = var.db_password_min_length
  special          = true
  override_special = "!#%&*()-_=+[]{}<>:?"
}

resource "aws_secretsmanager_secret" "db_master" {
  name                    = "orders/prod/db-master-password"
  description             = "Master password of the orders-prod Aurora cluster"
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "db_master" {
  secret_id = aws_secretsmanager_secret.db_master.id
  secret_string = jsonencode({
    username = var.db_username
    password = random_password.db_master.result
  })
}

resource "aws_kms_key" "secrets" {
  description             = "orders-prod secrets"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier              = "orders-prod"
  engine                          = "aurora-postgresql"
  engine_version                  = "15.5"
  database_name                   = "orders"
  master_username                 = var.db_username
  master_password                 = random_password.db_master.result
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.secrets.arn
  iam_database_authentication_enabled = true
  backup_retention_period         = 14
  deletion_protection             = true
}

resource "aws_elasticache_replication_group" "orders" {
  replication_group_id       = "orders-prod"
  description                = "orders-api sessions and queues"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  auth_token                 = data.aws_secretsmanager_secret_version.redis_auth.secret_string
  auth_token_update_strategy = "ROTATE"
}

data "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id = "orders/prod/redis-auth-token"
}

resource "aws_key_pair" "bastion" {
  key_name   = var.bastion_key_name
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIfZVPk/2rb8DEvZtaTSzdWo3P67+UO5CCVuXyvUQNMdw ops@example.io"
}

resource "aws_iam_access_key" "invoice_uploader" {
  user    = aws_iam_user.invoice_uploader.name
  pgp_key = "keybase:example_ops"
}

resource "aws_iam_user" "invoice_uploader" {
  name = "orders-invoice-uploader"
}

output "invoice_uploader_secret" {
  value     = aws_iam_access_key.invoice_uploader.encrypted_secret
  sensitive = true
}

output "db_secret_arn" {
  value = aws_secretsmanager_secret.db_master.arn
}
