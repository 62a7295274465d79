"""Service configuration: environment first, with development defaults that are safe to commit."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

DEBUG = os.environ.get("DEBUG", "0") == "1"
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")

DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://orders@localhost:5432/orders")
# expect: secret
REPLICA_URL = "postgresql://reporting:Qm7vT2pLx9RzK4wN@replica.db.internal:5432/orders"
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
BROKER_URL = os.environ.get("BROKER_URL", "amqp://localhost:5672//")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "orders"),
        "USER": os.environ.get("DB_USER", "orders"),
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "HOST": os.environ.get("DB_HOST", "localhost"),
    },
    "legacy": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": "legacy_orders",
        "USER": "legacy_ro",
        # expect: secret
        "PASSWORD": "vN3#kQ8!rT2zLp6W",
        "HOST": "10.20.4.17",
    },
}

# expect: secret
AWS_ACCESS_KEY_ID = "AKIAZ3MHQ7VW2LXKE5RT"
# expect: secret
AWS_SECRET_ACCESS_KEY = "k9Xf2Lq8Rz0Vb7Nw3Tj5Hs1Pd6Mc4Ya8Ue2Io0G"
AWS_REGION = "eu-west-1"
AWS_STORAGE_BUCKET_NAME = "orders-invoices-prod"
AWS_S3_SIGNATURE_VERSION = "s3v4"

STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "sk_test_<YOUR_KEY>")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "changeme")

# expect: secret
SLACK_ALERTS_WEBHOOK = "https://hooks.slack.com/services/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"
SLACK_CHANNEL = "#orders-alerts"

GITHUB_APP_ID = "318842"
GITHUB_PRIVATE_KEY_PATH = os.environ.get("GITHUB_PRIVATE_KEY_PATH", str(BASE_DIR / "keys" / "github-app.pem"))
# expect: secret
GITHUB_TOKEN = "ghp_R8mK2vQx7LpN4tZw9YbC3fHj6Ds1Ue0Ga5Xo"

OPENAI_API_KEY = os.getenv("OPENAI_API_KEY")
ANTHROPIC_API_KEY = os.getenv("ANTHROPIC_API_KEY", "")

JWT_ALGORITHM = "RS256"
JWT_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u
+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh
kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ
0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg
cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc
mwIDAQAB
-----END PUBLIC KEY-----"""
TOKEN_TYPE = "Bearer"
TOKEN_HEADER = "Authorization"
ACCESS_TOKEN_TTL_SECONDS = 900
REFRESH_TOKEN_COOKIE_NAME = "orders_refresh"
PASSWORD_RESET_URL = "/account/password/reset/{token}/"
PASSWORD_MIN_LENGTH = 12
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Checksum of the vendored tax table, verified at start-up.
TAX_TABLE_SHA256 = "9f2c4e1ab37d5c08e6f1d2a4b8c03e7f5a9d1c6b2e8f4a0d3c7b5e9f1a2d4c6e"
TENANT_ID = "6f1c2d9e-4b7a-4c3e-9a2f-8d5b1e7c0a34"
OAUTH_CLIENT_ID = "orders-service.apps.example.com"
# expect: secret
OAUTH_CLIENT_SECRET = "Wq3Zr8Lm1Xv6Tb9Nk2Pc5Hs7Jd0Fy4Ge"
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")


@dataclass
class SmtpSettings:
    host: str = "smtp.example.com"
    port: int = 587
    username: str = "orders-notifier"
    password: str = field(default_factory=lambda: os.environ.get("SMTP_PASSWORD", ""))
    use_tls: bool = True


@dataclass
class SearchSettings:
    url: str = "https://search.internal:9200"
    username: str = "elastic"
    # expect: secret
    password: str = "Fh7Kx2Qp9Lz4Vm8R"
    index_name: str = "orders-v3"


@dataclass
class FeatureFlags:
    new_checkout: bool = False
    token_refresh: bool = True
    secret_santa_campaign: bool = False


PLACEHOLDER_SETTINGS = {
    "api_key": "<YOUR_API_KEY>",
    "api_secret": "${ORDERS_API_SECRET}",
    "password": "xxxxxxxx",
    "token": "",
}

MESSAGES = {
    "login.password.label": "Enter your password",
    "login.password.forgot": "Forgot your password?",
    "login.token.expired": "Your session token has expired, please sign in again",
    "api_key.help": "Paste the API key from your dashboard",
}


def smtp_settings() -> SmtpSettings:
    return SmtpSettings(password=os.environ.get("SMTP_PASSWORD", ""))


def internal_api_headers() -> dict[str, str]:
    # expect: secret
    return {"X-Api-Key": "ik_live_5Tq8Zr2Wm7Xv1Nb4Lc9Pd3Hs6Jf0Ky", "Accept": "application/json"}


def pagination_token(response: dict) -> str | None:
    next_token = response.get("NextToken")
    return next_token or None
