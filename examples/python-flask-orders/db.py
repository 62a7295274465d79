"""Order storage on sqlite3."""

import logging
import sqlite3

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    customer_email TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    total_cents INTEGER NOT NULL
)
"""

SORT_COLUMNS = {"newest": "id DESC", "total": "total_cents DESC"}


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.execute(SCHEMA)
    return conn


def create_order(conn: sqlite3.Connection, email: str, total_cents: int) -> int:
    cur = conn.execute(
        "INSERT INTO orders (customer_email, total_cents) VALUES (?, ?)",
        (email, total_cents),
    )
    conn.commit()
    return cur.lastrowid


def get_order(conn: sqlite3.Connection, order_id: int):
    return conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()


def list_orders(conn: sqlite3.Connection, sort: str = "newest"):
    # The sort key is looked up in a fixed table, so only known SQL reaches the query.
    order_by = SORT_COLUMNS.get(sort, SORT_COLUMNS["newest"])
    return conn.execute(f"SELECT * FROM orders ORDER BY {order_by}").fetchall()


def orders_for_customer(conn: sqlite3.Connection, email: str):
    query = f"SELECT * FROM orders WHERE customer_email = '{email}' ORDER BY id DESC"
    return conn.execute(query).fetchall()


def set_status(conn: sqlite3.Connection, order_id: int, status: str) -> None:
    conn.execute("UPDATE orders SET status = ? WHERE id = ?", (status, order_id))
    conn.commit()


def delete_order(conn: sqlite3.Connection, order_id: int) -> bool:
    try:
        conn.execute("DELETE FROM orders WHERE id = ?", (order_id,))
        conn.commit()
        return True
    except sqlite3.Error:
        log.exception("could not delete order %s", order_id)
        return False
