"""HTTP handlers for the orders service."""
from flask import Flask, jsonify, request

from orders_service.db import get_connection, run_query, run_query_params
from orders_service.queries import (
    build_customer_search,
    build_order_lookup,
    build_sort_query,
    build_status_filter,
)
from orders_service.repository import OrderRepository
from orders_service.services import OrderService

app = Flask(__name__)


def _service():
    return OrderService(OrderRepository(get_connection()))


@app.get("/customers/search")
def search_customers():
    name = request.args.get("name", "")
    conn = get_connection()
    rows = run_query(conn, build_customer_search(name))  # expect: sql-injection
    return jsonify(rows)


@app.get("/customers/by-city")
def customers_by_city():
    city = request.args["city"]
    conn = get_connection()
    rows = run_query(conn, f"SELECT id, name, email FROM customers WHERE city = '{city}'")  # expect: sql-injection
    return jsonify(rows)


@app.get("/customers/lookup")
def customer_by_email():
    email = request.args["email"]
    return jsonify(_service().customer_by_email(email))


@app.get("/orders/<order_id>")
def get_order(order_id):
    conn = get_connection()
    rows = run_query_params(conn, build_order_lookup(), (order_id,))
    if not rows:
        return jsonify({"error": "not found"}), 404
    return jsonify(rows[0])


@app.get("/orders/recent")
def recent_orders():
    limit = int(request.args.get("limit", "20"))
    conn = get_connection()
    rows = run_query(conn, f"SELECT id, status, total FROM orders ORDER BY created_at DESC LIMIT {limit}")
    return jsonify(rows)


@app.get("/orders/sorted")
def sorted_orders():
    sort = request.args.get("sort", "created_at")
    conn = get_connection()
    sql = build_sort_query(sort)
    rows = run_query(conn, sql)  # expect: sql-injection
    return jsonify(rows)


@app.get("/orders/by-status")
def orders_by_status():
    statuses = request.args.getlist("status")
    conn = get_connection()
    rows = run_query_params(conn, build_status_filter(len(statuses)), statuses)
    return jsonify(rows)


@app.get("/orders/summary")
def order_summary():
    conn = get_connection()
    rows = run_query(conn, "SELECT status, COUNT(*) AS n FROM orders GROUP BY status")
    return jsonify(rows)


@app.get("/regions/<region>/orders")
def orders_for_region(region):
    return jsonify(_service().orders_for_region(region))


@app.get("/orders/filter")
def filter_orders():
    rows = _service().search_orders(
        status=request.args.get("status"),
        min_total=request.args.get("min_total"),
        channel=request.args.get("channel"),
    )
    return jsonify(rows)


@app.get("/customers/<int:customer_id>/orders")
def customer_orders(customer_id):
    rows = _service().orders_for_customer(customer_id, request.args.get("status"))
    return jsonify(rows)


@app.post("/orders/<int:order_id>/cancel")
def cancel_order(order_id):
    payload = request.get_json(silent=True) or {}
    updated = _service().cancel_order(order_id, payload.get("reason", ""))
    return jsonify({"updated": updated})
