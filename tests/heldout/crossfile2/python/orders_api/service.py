"""Business logic for the order endpoints."""
from __future__ import annotations

from typing import Any

from . import sql_builders
from .repository import OrderRepository

MAX_PAGE_SIZE = 100

Rows = list[dict[str, Any]]


class OrderService:
    def __init__(self, repo: OrderRepository) -> None:
        self.repo = repo

    def orders_for_customer(self, customer: str) -> Rows:
        sql = "SELECT id, total_cents, status FROM orders WHERE customer_name = '" + customer + "'"
        return self.repo.fetch_all(sql)  # expect: sql-injection

    def search_products(self, term: str) -> Rows:
        sql = sql_builders.build_product_search(term)
        return self.repo.fetch_all(sql)  # expect: sql-injection

    def coupon_orders(self, coupon: str) -> Rows:
        return self.repo.find_by_coupon(coupon.strip())

    def recent(self, limit: int) -> Rows:
        size = int(limit)
        if size < 1 or size > MAX_PAGE_SIZE:
            raise ValueError(f"limit must be between 1 and {MAX_PAGE_SIZE}")
        return self.repo.fetch_all(f"SELECT id, customer_name, total_cents FROM orders ORDER BY id DESC LIMIT {size}")

    def sorted_orders(self, sort_key: str) -> Rows:
        sql = "SELECT id, customer_name, total_cents FROM orders " + sql_builders.order_by_clause(sort_key)
        return self.repo.fetch_all(sql)

    def filter_orders(self, status: str | None, region: str | None, min_total: str | None) -> Rows:
        clauses = ["1 = 1"]
        if status:
            clauses.append(f"status = '{status}'")
        if region:
            clauses.append("shipping_region = '" + region + "'")
        if min_total:
            clauses.append(f"total_cents >= {min_total}")
        sql = "SELECT * FROM orders WHERE " + " AND ".join(clauses)
        return self.repo.fetch_all(sql)  # expect: sql-injection

    def export_orders(self, status: str | None, region: str | None) -> Rows:
        clauses: list[str] = []
        params: list[Any] = []
        if status:
            clauses.append("status = ?")
            params.append(status)
        if region:
            clauses.append("shipping_region = ?")
            params.append(region)
        where = " AND ".join(clauses) if clauses else "1 = 1"
        return self.repo.fetch_all("SELECT * FROM orders WHERE " + where, params)
