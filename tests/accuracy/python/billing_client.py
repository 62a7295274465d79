"""Client for the payments provider and the internal ledger service."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from typing import Any

import httpx
import requests

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (3.05, 10)
LEDGER_URL = os.environ.get("LEDGER_URL", "http://ledger.internal:8080")
PAYMENTS_API = "https://api.payments.example.com/v2"


class PaymentError(Exception):
    pass


class PaymentsClient:
    def __init__(self, api_key: str | None = None, timeout: float = 10.0):
        self.api_key = api_key or os.environ["PAYMENTS_API_KEY"]
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {self.api_key}"

    def charge(self, customer_id: str, amount_cents: int, currency: str = "usd") -> dict[str, Any]:
        payload = {"customer": customer_id, "amount": amount_cents, "currency": currency}
        try:
            response = self.session.post(f"{PAYMENTS_API}/charges", json=payload, timeout=self.timeout)
            response.raise_for_status()
        except requests.RequestException as exc:
            log.warning("charge failed for %s: %s", customer_id, exc)
            raise PaymentError("charge failed") from exc
        return response.json()

    def refund(self, charge_id: str) -> dict[str, Any]:
        response = self.session.post(f"{PAYMENTS_API}/charges/{charge_id}/refund", timeout=DEFAULT_TIMEOUT)
        response.raise_for_status()
        return response.json()

    def fetch_invoice_pdf(self, invoice_id: str) -> bytes:
        # expect: error-handling
        response = requests.get(f"{PAYMENTS_API}/invoices/{invoice_id}.pdf", headers=self._headers())
        response.raise_for_status()
        return response.content

    def list_disputes(self, since: str) -> list[dict[str, Any]]:
        # timeout=None written out: a decision to wait, not a forgotten timeout
        response = requests.get(
            f"{PAYMENTS_API}/disputes",
            params={"since": since},
            headers=self._headers(),
            timeout=None,
        )
        return response.json()["data"]

    def customer_exists(self, customer_id: str) -> bool:
        try:
            self.session.get(f"{PAYMENTS_API}/customers/{customer_id}", timeout=self.timeout).raise_for_status()
            return True
        # expect: error-handling
        except Exception:
            return False

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}


class LedgerClient:
    def __init__(self, base_url: str = LEDGER_URL):
        self.http = httpx.Client(base_url=base_url, timeout=httpx.Timeout(5.0, connect=2.0))

    def post_entry(self, account: str, amount_cents: int, memo: str) -> str:
        reply = self.http.post("/entries", json={"account": account, "amount": amount_cents, "memo": memo})
        reply.raise_for_status()
        return reply.json()["id"]

    def balance(self, account: str) -> int:
        try:
            reply = self.http.get(f"/accounts/{account}/balance")
            reply.raise_for_status()
            return int(reply.json()["balance"])
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code == 404:
                return 0
            raise

    def health(self) -> bool:
        # timeout=None written out: a decision to wait, not a forgotten timeout
        reply = httpx.get(f"{LEDGER_URL}/healthz", timeout=None)
        return reply.status_code == 200

    def close(self) -> None:
        with contextlib.suppress(httpx.HTTPError):
            self.http.close()


def parse_webhook(body: bytes) -> dict[str, Any] | None:
    try:
        return json.loads(body)
    except json.JSONDecodeError:
        log.info("ignoring webhook with a body that is not JSON")
        return None


def notify_finance(message: str) -> None:
    url = os.environ.get("FINANCE_WEBHOOK_URL")
    if not url:
        return
    try:
        requests.post(url, json={"text": message}, timeout=5)
    # expect: error-handling
    except:
        pass


def retry_charge(client: PaymentsClient, customer_id: str, amount_cents: int, attempts: int = 3) -> dict | None:
    for attempt in range(1, attempts + 1):
        try:
            return client.charge(customer_id, amount_cents)
        except PaymentError:
            log.exception("charge attempt %d of %d failed", attempt, attempts)
            time.sleep(2**attempt)
    return None


def sync_exchange_rates(cache: dict[str, float]) -> None:
    rates_url = os.environ.get("RATES_URL", "https://rates.example.com/latest")
    # expect: error-handling
    data = requests.get(rates_url).json()
    for currency, rate in data.get("rates", {}).items():
        try:
            cache[currency] = float(rate)
        except (TypeError, ValueError):
            continue


def warm_caches(urls: list[str]) -> None:
    for url in urls:
        # expect: error-handling
        with contextlib.suppress(Exception):
            requests.head(url, timeout=2)


def best_effort_metrics(payload: dict[str, Any]) -> None:
    try:
        requests.post("http://metrics.internal/ingest", json=payload, timeout=1)
    except Exception as exc:
        log.debug("metrics push failed: %s", exc)


def load_receipt(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return {}
    except Exception:
        log.exception("receipt at %s is unreadable", path)
        raise
