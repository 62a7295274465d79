"""FastAPI endpoints for finance reports, plus the helpers they share."""

from __future__ import annotations

import getpass
import logging
import os
import secrets
import string

import boto3
import httpx
import jwt
import psycopg
import redis
import sentry_sdk
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)
router = APIRouter(prefix="/reports")

TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_CHARS = string.ascii_letters + string.digits
PASSWORD_PATTERN = r"^(?=.*[A-Z])(?=.*\d)(?=.*[^\w\s]).{12,}$"
SECRET_RESOURCE = "projects/finance-prod/secrets/reports-db-password/versions/latest"
ACCESS_TOKEN_URL = "https://auth.example.com/oauth/token"
API_KEY_PREFIX = "rk_live_"
CSRF_TOKEN_COOKIE = "csrftoken"
BUILD_SHA = "a3f9c2e71b4d8f06c5e2a9b7d1f3c8e4a6b0d2f9"

# expect: secret
cache = redis.Redis(host="cache.internal", port=6379, password="Lx7Kq2Wm9Zr4Tv8N")

s3 = boto3.client(
    "s3",
    region_name="eu-west-1",
    aws_access_key_id=os.environ.get("REPORTS_AWS_KEY_ID"),
    aws_secret_access_key=os.environ.get("REPORTS_AWS_SECRET"),
)

http = httpx.Client(timeout=httpx.Timeout(10.0))


def connect():
    # expect: secret
    return psycopg.connect("host=reports.db.internal dbname=finance user=reports password=Zq8Xr3Lm7Vw2Kt9P")


def new_api_key() -> str:
    return API_KEY_PREFIX + "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(32))


def service_token(claims: dict) -> str:
    # expect: secret
    return jwt.encode(claims, "Hq9Wz2Lm7Xr4Kt8Vb3Nc6Pd1Fy5Gj0Ts", algorithm="HS256")


def verify_token(token: str) -> dict:
    return jwt.decode(token, os.environ["REPORTS_JWT_SECRET"], algorithms=["HS256"])


def prompt_admin_password() -> str:
    password = getpass.getpass("Admin password: ")
    if len(password) < 12:
        raise ValueError("Enter a password of at least 12 characters")
    return password


@router.get("/revenue")
def revenue(request: Request, region: str | None = None, since: str | None = None):
    query = "SELECT region, SUM(total_cents) FROM orders WHERE status = 'paid'"
    params: list[str] = []
    if region:
        query += " AND region = %s"
        params.append(region)
    if since:
        query += f" AND created_at >= '{since}'"
    query += " GROUP BY region"
    with connect() as conn:
        # expect: sql-injection
        rows = conn.execute(query, params).fetchall()
    return [{"region": r[0], "total_cents": r[1]} for r in rows]


@router.get("/customers/{customer_id}")
def customer_report(customer_id: int):
    cached = cache.get(f"select:customer:{customer_id}")
    if cached:
        return JSONResponse(content=cached)
    with connect() as conn:
        row = conn.execute("SELECT * FROM customer_report WHERE customer_id = %s", (customer_id,)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail=f"Select a customer from the list; {customer_id} has no report")
    return row


@router.post("/export")
def export(request: Request):
    try:
        reply = http.post("/exports", json={"kind": "revenue"})
        reply.raise_for_status()
    except Exception as exc:
        return JSONResponse({"error": f"export service failed: {exc}"}, status_code=502)
    return reply.json()


@router.post("/rebuild")
def rebuild():
    try:
        with connect() as conn:
            conn.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY customer_report")
    except Exception:
        sentry_sdk.capture_exception()
        return JSONResponse({"rebuilt": False}, status_code=500)
    return {"rebuilt": True}


@router.get("/fx")
def fx_rates(base: str = "EUR"):
    try:
        # timeout=None written out: a decision to wait, not a forgotten timeout
        reply = httpx.get("https://fx.example.com/latest", params={"base": base}, timeout=None)
        return reply.json()
    except httpx.HTTPError as exc:
        log.warning("fx lookup failed: %s", exc)
        raise HTTPException(status_code=502, detail="fx service unavailable") from exc


@router.get("/partners")
def partner_report(partner: str):
    with httpx.Client(base_url="https://partners.example.com", timeout=5.0) as client:
        reply = client.get(f"/reports/{partner}")
    try:
        return reply.json()
    except ValueError:
        log.info("partner %s sent a report that is not JSON", partner)
        return {}


def cleanup_tmp(paths: list[str]) -> None:
    for path in paths:
        try:
            os.remove(path)
        except OSError:
            pass


def masked(value: str) -> str:
    return value[:4] + "…" if value else ""


def audit_password_change(user_id: int) -> None:
    log.info("password changed for user %s; select from audit_log for details", user_id)
