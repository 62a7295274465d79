"""Background jobs: invoice rendering, customer imports, nightly clean-up."""

from __future__ import annotations

import contextlib
import csv
import logging
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import requests
from celery import shared_task

from .notifications import send_email
from .storage import upload_file

log = logging.getLogger(__name__)

HTTP_TIMEOUT = float(os.environ.get("HTTP_TIMEOUT", "10"))


QUERIES = {
    "open": "SELECT id FROM orders WHERE status = 'open'",
    "late": "SELECT id FROM orders WHERE due_at < date('now') AND status != 'shipped'",
}


def db() -> sqlite3.Connection:
    return sqlite3.connect(os.environ.get("ORDERS_DB", "orders.db"))


@shared_task(bind=True, max_retries=5)
def render_invoice(self, order_id: int) -> str | None:
    try:
        pdf = _render(order_id)
    except ConnectionError as exc:
        raise self.retry(exc=exc, countdown=30)
    key = f"invoices/{order_id}.pdf"
    upload_file(pdf, key)
    return key


def _render(order_id: int) -> bytes:
    reply = requests.post(
        os.environ["RENDERER_URL"], json={"template": "invoice", "order_id": order_id}, timeout=HTTP_TIMEOUT
    )
    reply.raise_for_status()
    return reply.content


@shared_task
def import_customers(csv_path: str) -> int:
    imported = 0
    conn = db()
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            try:
                conn.execute(
                    "INSERT INTO customers (email, name, region) VALUES (?, ?, ?)",
                    (row["email"].strip().lower(), row["name"], row.get("region", "eu")),
                )
                imported += 1
            except sqlite3.IntegrityError:
                log.info("customer %s already exists", row.get("email"))
            # expect: error-handling
            except Exception:
                continue
    conn.commit()
    return imported


@shared_task
def purge_customer(customer_email: str) -> None:
    conn = db()
    table = os.environ.get("PURGE_TABLE", "customers")
    # expect: sql-injection
    conn.execute(f"DELETE FROM {table} WHERE email = '{customer_email}'")
    conn.commit()


@shared_task
def cleanup_exports(export_dir: str, keep_days: int = 7) -> None:
    for path in Path(export_dir).glob("*.csv"):
        try:
            path.unlink()
        # expect: error-handling
        except BaseException:
            pass


@shared_task
def send_receipts(order_ids: list[int]) -> None:
    for order_id in order_ids:
        try:
            send_email(order_id, template="receipt")
        except Exception as exc:
            log.error("receipt for order %s not sent: %s", order_id, exc)


@shared_task
def refresh_tracking(order_id: int, carrier_url: str) -> dict | None:
    try:
        # expect: error-handling
        reply = requests.get(f"{carrier_url}/track/{order_id}")
        return reply.json()
    # expect: error-handling
    except Exception:
        return None


def temp_workspace() -> Path:
    workspace = Path(tempfile.mkdtemp(prefix="orders-"))
    try:
        (workspace / "out").mkdir()
    except Exception:
        shutil.rmtree(workspace, ignore_errors=True)
        raise
    return workspace


def remove_workspace(workspace: Path) -> None:
    # expect: error-handling
    with contextlib.suppress(Exception):
        shutil.rmtree(workspace)


def remove_lock(lock_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        lock_path.unlink()


def read_optional_int(name: str, default: int) -> int:
    try:
        return int(os.environ[name])
    except (KeyError, ValueError):
        return default


def safe_ratio(numerator: float, denominator: float) -> float:
    try:
        return numerator / denominator
    except ZeroDivisionError:
        return 0.0


def load_plugin(name: str):
    try:
        module = __import__(f"orders.plugins.{name}", fromlist=["plugin"])
    # expect: error-handling
    except:
        return None
    return module.plugin


def shutdown(pool) -> None:
    try:
        pool.close()
    except Exception:
        log.warning("pool did not close cleanly", exc_info=True)


def run_step(step) -> bool:
    try:
        step()
        return True
    except Exception as error:
        log.exception("step %s failed", getattr(step, "__name__", step))
        raise RuntimeError("step failed") from error


def order_ids(kind: str) -> list[int]:
    return [row[0] for row in db().execute(QUERIES[kind]).fetchall()]


def carrier_alive(url: str) -> bool:
    # expect: error-handling
    return requests.request("HEAD", url).status_code < 500


def stats_snapshot() -> dict[str, int]:
    conn = db()
    counts = {}
    for table in ("orders", "customers", "order_notes"):
        counts[table] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    return counts
