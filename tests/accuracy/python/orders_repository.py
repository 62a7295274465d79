"""Data access for orders and customers (sqlite3 in development, psycopg in production)."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from typing import Iterable, Sequence

import psycopg
from psycopg import sql as pgsql

log = logging.getLogger(__name__)

ORDERS_TABLE = "orders"
ORDER_COLUMNS = "id, customer_id, status, total_cents, created_at"
SORTABLE = {"created": "created_at", "total": "total_cents", "status": "status"}


@dataclass
class Order:
    id: int
    customer_id: int
    status: str
    total_cents: int
    created_at: str


class OrderRepository:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def get(self, order_id: int) -> Order | None:
        cur = self.conn.cursor()
        cur.execute(f"SELECT {ORDER_COLUMNS} FROM {ORDERS_TABLE} WHERE id = ?", (order_id,))
        row = cur.fetchone()
        return Order(*row) if row else None

    def find_by_status(self, status: str) -> list[Order]:
        query = "SELECT " + ORDER_COLUMNS + " FROM orders WHERE status = '" + status + "'"
        cur = self.conn.cursor()
        # expect: sql-injection
        cur.execute(query)
        return [Order(*r) for r in cur.fetchall()]

    def search_customers(self, term: str) -> list[tuple]:
        cur = self.conn.cursor()
        # expect: sql-injection
        cur.execute(f"SELECT id, name, email FROM customers WHERE name LIKE '%{term}%'")
        return cur.fetchall()

    def search_customers_safely(self, term: str) -> list[tuple]:
        cur = self.conn.cursor()
        cur.execute("SELECT id, name, email FROM customers WHERE name LIKE ?", (f"%{term}%",))
        return cur.fetchall()

    def list_page(self, sort_key: str, direction: str, limit: int) -> list[Order]:
        column = SORTABLE.get(sort_key, "created_at")
        order = "DESC" if direction == "desc" else "ASC"
        cur = self.conn.cursor()
        cur.execute(f"SELECT {ORDER_COLUMNS} FROM orders ORDER BY {column} {order} LIMIT ?", (limit,))
        return [Order(*r) for r in cur.fetchall()]

    def list_sorted_by(self, sort_column: str) -> list[Order]:
        sql = "SELECT {} FROM orders ORDER BY {}".format(ORDER_COLUMNS, sort_column)
        log.debug("listing orders sorted by %s", sort_column)
        # expect: sql-injection
        rows = self.conn.execute(sql).fetchall()
        return [Order(*r) for r in rows]

    def by_ids(self, ids: Sequence[int]) -> list[Order]:
        if not ids:
            return []
        placeholders = ", ".join("?" for _ in ids)
        query = f"SELECT {ORDER_COLUMNS} FROM orders WHERE id IN ({placeholders})"
        return [Order(*r) for r in self.conn.execute(query, list(ids)).fetchall()]

    def mark_shipped(self, order_ids: Iterable[int]) -> None:
        self.conn.executemany(
            "UPDATE orders SET status = 'shipped' WHERE id = ?",
            [(order_id,) for order_id in order_ids],
        )
        self.conn.commit()

    def delete_for_customer(self, customer_ref: str) -> int:
        stmt = "DELETE FROM orders WHERE customer_ref = '%s'" % customer_ref
        # expect: sql-injection
        cur = self.conn.execute(stmt)
        self.conn.commit()
        return cur.rowcount

    def count_by_status(self, status: str) -> int:
        cur = self.conn.execute("SELECT COUNT(*) FROM orders WHERE status = ?", (status,))
        return cur.fetchone()[0]

    def add_note(self, order_id: int, author: str, note: str) -> None:
        statement = (
            "INSERT INTO order_notes (order_id, author, body) "
            "VALUES (?, ?, ?)"
        )
        self.conn.execute(statement, (order_id, author, note))
        self.conn.commit()


class ReportingRepository:
    """Read-only reporting queries against the Postgres replica."""

    def __init__(self, dsn: str):
        self.dsn = dsn

    def revenue_for_region(self, region: str) -> int:
        with psycopg.connect(self.dsn) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT COALESCE(SUM(total_cents), 0) FROM orders o JOIN customers c ON c.id = o.customer_id "
                "WHERE c.region = %s",
                (region,),
            )
            return cur.fetchone()[0]

    def revenue_by_month(self, year: str) -> list[tuple]:
        with psycopg.connect(self.dsn) as conn, conn.cursor() as cur:
            query = (
                "SELECT date_trunc('month', created_at) AS month, SUM(total_cents) "
                f"FROM orders WHERE extract(year FROM created_at) = {year} GROUP BY 1 ORDER BY 1"
            )
            # expect: sql-injection
            cur.execute(query)
            return cur.fetchall()

    def table_sizes(self, tables: list[str]) -> list[tuple]:
        with psycopg.connect(self.dsn) as conn, conn.cursor() as cur:
            out = []
            for table in tables:
                cur.execute(pgsql.SQL("SELECT COUNT(*) FROM {}").format(pgsql.Identifier(table)))
                out.append((table, cur.fetchone()[0]))
            return out

    def top_customers(self, region: str, limit: int = 10) -> list[tuple]:
        where = "WHERE c.region = %(region)s" if region else ""
        query = f"""
            SELECT c.id, c.name, SUM(o.total_cents) AS spent
            FROM customers c JOIN orders o ON o.customer_id = c.id
            {where}
            GROUP BY c.id, c.name ORDER BY spent DESC LIMIT %(limit)s
        """
        with psycopg.connect(self.dsn) as conn, conn.cursor() as cur:
            cur.execute(query, {"region": region, "limit": limit})
            return cur.fetchall()

    def archive_before(self, cutoff_label: str) -> None:
        log.info("SELECT-ing orders to archive created before %s", cutoff_label)
        with psycopg.connect(self.dsn) as conn, conn.cursor() as cur:
            cur.execute("CALL archive_orders(%s)", (cutoff_label,))

    def explain(self, customer_email: str) -> list[tuple]:
        with psycopg.connect(self.dsn) as conn:
            # expect: sql-injection
            return conn.execute("EXPLAIN SELECT * FROM customers WHERE email = '" + customer_email + "'").fetchall()


def describe_filter(choices: list[str]) -> str:
    return f"Select an option from the list: {', '.join(choices)}"


def validate_status(status: str, allowed: list[str]) -> None:
    if status not in allowed:
        raise ValueError(f"Select a status from {allowed}, not {status!r}; update orders where needed")
