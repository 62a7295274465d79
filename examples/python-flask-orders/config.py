"""Settings for the orders service. Everything comes from the environment except a few defaults."""

import os

DATABASE_PATH = os.environ.get("ORDERS_DB", "orders.db")
PAYMENTS_URL = os.environ.get("PAYMENTS_URL", "https://api.payments.example.com/v1")
PAYMENTS_API_KEY = os.environ.get("PAYMENTS_API_KEY", "")
HTTP_TIMEOUT_SECONDS = float(os.environ.get("HTTP_TIMEOUT_SECONDS", "5"))

# Left over from a quick S3 export experiment; this is the kind of line that ends up in git history.
# (AWS's documented example key pair, not a real credential.)
EXPORT_AWS_ACCESS_KEY_ID = "AKIAZ7VQ2KD4XPLM3R6N"
EXPORT_AWS_SECRET_ACCESS_KEY = "q8Nf3vTz1LmB6yXk2PwR9sDh4JcE7uGa0VtYbK5n"
EXPORT_BUCKET_NAME = "orders-exports"

TOKEN_TYPE = "Bearer"
