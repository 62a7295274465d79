"""Order handling with two review findings: a swallowed error and an HTTP call without a timeout."""

import logging

import requests

logger = logging.getLogger(__name__)


def charge_order(order):
    try:
        order.charge()
    except Exception:
        pass


def fetch_invoice(url):
    réponse = requests.get(url)
    return réponse.json()
