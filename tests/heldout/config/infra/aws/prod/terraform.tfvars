# orders platform, production (eu-west-1).
# Applied by Atlantis on merge to main: atlantis plan -d infra/aws/prod

region = "eu-west-1"

tags = {
  Environment = "prod"
  Service     = "orders"
  Owner       = "platform-team"
  CostCenter  = "CC-4410"
  ManagedBy   = "terraform"
}

# --- Network -----------------------------------------------------------------------
vpc_cidr             = "10.42.0.0/16"
private_subnet_cidrs = ["10.42.0.0/19", "10.42.32.0/19", "10.42.64.0/19"]
public_subnet_cidrs  = ["10.42.128.0/22", "10.42.132.0/22", "10.42.136.0/22"]
admin_allowed_cidrs  = ["203.0.113.0/24", "198.51.100.17/32"]
enable_nat_gateway   = true
single_nat_gateway   = false

# --- Database ------------------------------------------------------------------------
db_username            = "orders_admin"
db_password_min_length = 32
db_instance_class      = "db.r7g.xlarge"
db_instance_count      = 2
db_secret_name         = "orders/prod/db-master-password"
db_password_rotation   = true

# --- Cache ------------------------------------------------------------------------------
redis_node_type           = "cache.r7g.large"
redis_auth_token_secret   = "orders/prod/redis-auth-token"
redis_snapshot_retention  = 7

# --- EKS -----------------------------------------------------------------------------------
cluster_version           = "1.29"
node_instance_types       = ["m7g.xlarge"]
node_min_size             = 3
node_max_size             = 12
bastion_key_name          = "prod-bastion-2024"
irsa_secrets_reader_roles = ["orders-api", "orders-worker"]

# --- Observability ----------------------------------------------------------------------------
datadog_site = "datadoghq.eu"
datadog_app_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:481516234200:secret:datadog/app-key-Zx9Yw8"
grafana_url  = "https://grafana.orders.example.io"
grafana_admin_user = "admin"
# expect: secret
grafana_admin_password = "Gr4f@na-Pr0d-2024!"

# --- DNS / CDN --------------------------------------------------------------------------------------
cloudflare_zone_id = "5c3a1e9f7b2d4c6e8a0b1d3f5e7c9a2b"
cloudflare_account_id = "a81c4e2f9d3b5a7c6e0f1d2b3c4a5e6f"
# expect: secret
cloudflare_api_token = "RxnYNSsNqfojNm50sGJhU2s_TZwcxLO9NZKXimjh"
cdn_domain = "static.orders.example.io"

# --- Secrets and keys -----------------------------------------------------------------------------------
api_key_rotation_days       = 90
secret_recovery_window_days = 7
kms_key_alias               = "alias/orders-prod-secrets"
jwt_signing_key_secret_name = "orders/prod/jwt-signing-key"
stripe_secret_key_ssm_param = "/orders/prod/stripe/secret-key"
token_ttl_seconds           = 900

# --- Application ---------------------------------------------------------------------------------------
orders_api_image_tag    = "3.14.2"
orders_api_replicas     = 6
orders_worker_replicas  = 3
feature_flags = {
  guest_checkout      = true
  passwordless_login  = true
  api_keys            = true
}

# --- Alerts ----------------------------------------------------------------------------------------------
pagerduty_service_name = "orders-prod"
alert_emails = [
  "oncall-orders@example.io",
  "platform-alerts@example.io",
]
