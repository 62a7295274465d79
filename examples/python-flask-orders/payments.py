"""Talks to the payment provider."""

import logging

import requests

import config

log = logging.getLogger(__name__)


class PaymentDeclined(Exception):
    pass


def charge(order_id: int, total_cents: int) -> str:
    response = requests.post(
        f"{config.PAYMENTS_URL}/charges",
        json={"order": order_id, "amount": total_cents, "currency": "eur"},
        headers={"Authorization": f"{config.TOKEN_TYPE} {config.PAYMENTS_API_KEY}"},
        timeout=config.HTTP_TIMEOUT_SECONDS,
    )
    if response.status_code == 402:
        raise PaymentDeclined(response.json().get("reason", "declined"))
    response.raise_for_status()
    return response.json()["id"]


def refund(charge_id: str) -> bool:
    try:
        response = requests.post(f"{config.PAYMENTS_URL}/charges/{charge_id}/refund")
        response.raise_for_status()
        return True
    except Exception:
        return False
