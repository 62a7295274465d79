"""Data access for orders."""
from __future__ import annotations

import sqlite3
from typing import Any, Sequence

from .sql_builders import build_in_clause


class OrderRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        return [dict(row) for row in cur.fetchall()]

    def get(self, order_id: int) -> dict[str, Any] | None:
        rows = self.fetch_all("SELECT * FROM orders WHERE id = ?", (order_id,))
        return rows[0] if rows else None

    def find_many(self, order_ids: list[int]) -> list[dict[str, Any]]:
        placeholders = build_in_clause(len(order_ids))
        sql = f"SELECT * FROM orders WHERE id IN ({placeholders})"
        return self.fetch_all(sql, order_ids)

    def find_by_coupon(self, coupon: str) -> list[dict[str, Any]]:
        sql = "SELECT id, customer_name, total_cents FROM orders WHERE coupon_code = '%s'" % coupon
        cur = self.conn.execute(sql)  # expect: sql-injection
        return [dict(row) for row in cur.fetchall()]
