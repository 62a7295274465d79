"""SQLite access helpers shared by the repository and a few routes."""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

DATABASE_PATH = os.environ.get("ORDERS_DB", "orders.db")


def get_connection() -> sqlite3.Connection:
    conn = sqlite3.connect(DATABASE_PATH, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def transaction() -> Iterator[sqlite3.Connection]:
    conn = get_connection()
    try:
        yield conn
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()


def run_query(sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    with transaction() as conn:
        cur = conn.execute(sql, params)
        return [dict(row) for row in cur.fetchall()]


def run_write(sql: str, params: Sequence[Any] = ()) -> int:
    with transaction() as conn:
        cur = conn.execute(sql, params)
        return cur.rowcount
