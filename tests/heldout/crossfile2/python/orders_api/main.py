"""HTTP layer for the orders API."""
from __future__ import annotations

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel

from . import db
from .db import get_connection, run_query
from .repository import OrderRepository
from .service import OrderService

app = FastAPI(title="orders")


class NoteUpdate(BaseModel):
    note: str


def get_service() -> OrderService:
    return OrderService(OrderRepository(get_connection()))


@app.get("/orders/search")
def search(q: str = Query(..., min_length=2), service: OrderService = Depends(get_service)):
    return service.search_products(q)


@app.get("/orders/recent")
def recent(limit: int = Query(20), sort: str = "newest", service: OrderService = Depends(get_service)):
    try:
        if sort != "newest":
            return service.sorted_orders(sort)
        return service.recent(limit)
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


@app.get("/orders/filter")
def filter_orders(status: str | None = None, region: str | None = None, min_total: str | None = None,
                  service: OrderService = Depends(get_service)):
    return service.filter_orders(status, region, min_total)


@app.get("/orders/export")
def export(status: str | None = None, region: str | None = None, service: OrderService = Depends(get_service)):
    return service.export_orders(status, region)


@app.get("/orders/batch")
def batch(ids: list[int] = Query(...), service: OrderService = Depends(get_service)):
    return service.repo.find_many(ids)


@app.get("/customers/{customer}/orders")
def customer_orders(customer: str, service: OrderService = Depends(get_service)):
    return service.orders_for_customer(customer)


@app.get("/coupons/{code}/orders")
def coupon_orders(code: str, service: OrderService = Depends(get_service)):
    return service.coupon_orders(code)


@app.get("/orders/by-sku/{sku}")
def orders_by_sku(sku: str):
    sql = f"SELECT order_id, quantity FROM order_items WHERE sku = '{sku}'"
    return run_query(sql)  # expect: sql-injection


@app.get("/orders/lookup")
def lookup(email: str):
    return run_query("SELECT id, status, total_cents FROM orders WHERE customer_email = ?", (email,))


@app.get("/orders/{order_id}")
def read_order(order_id: int, service: OrderService = Depends(get_service)):
    order = service.repo.get(order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="order not found")
    return order


@app.patch("/orders/{order_id}/note")
def update_note(order_id: int, body: NoteUpdate):
    changed = db.run_write(f"UPDATE orders SET note = '{body.note}' WHERE id = ?", (order_id,))  # expect: sql-injection
    if not changed:
        raise HTTPException(status_code=404, detail="order not found")
    return {"id": order_id, "note": body.note}
