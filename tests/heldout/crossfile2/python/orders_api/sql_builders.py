"""Helpers that assemble SQL text for the order endpoints."""
from __future__ import annotations

SORT_COLUMNS = {
    "newest": "created_at DESC",
    "oldest": "created_at ASC",
    "total": "total_cents DESC",
    "customer": "customer_name ASC",
}


def build_product_search(term: str) -> str:
    return (
        "SELECT o.id, o.customer_name, i.sku, i.title "
        "FROM orders o JOIN order_items i ON i.order_id = o.id "
        f"WHERE i.title LIKE '%{term}%' ORDER BY o.created_at DESC"
    )


def build_in_clause(count: int) -> str:
    if count <= 0:
        raise ValueError("at least one id is required")
    return ", ".join("?" for _ in range(count))


def order_by_clause(sort_key: str) -> str:
    column = SORT_COLUMNS.get(sort_key, SORT_COLUMNS["newest"])
    return "ORDER BY " + column
