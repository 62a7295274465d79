"""HTTP API for orders: `flask --app app run`."""

import logging

from flask import Flask, abort, g, jsonify, request

import config
import db
import payments

log = logging.getLogger(__name__)
app = Flask(__name__)


def conn():
    if "conn" not in g:
        g.conn = db.connect(config.DATABASE_PATH)
    return g.conn


@app.teardown_appcontext
def close_connection(_error):
    connection = g.pop("conn", None)
    if connection is not None:
        connection.close()


@app.post("/orders")
def create_order():
    body = request.get_json(force=True)
    order_id = db.create_order(conn(), body["email"], int(body["total_cents"]))
    try:
        charge_id = payments.charge(order_id, int(body["total_cents"]))
    except payments.PaymentDeclined as declined:
        db.set_status(conn(), order_id, "declined")
        return jsonify({"id": order_id, "status": "declined", "reason": str(declined)}), 402
    db.set_status(conn(), order_id, "paid")
    return jsonify({"id": order_id, "status": "paid", "charge": charge_id}), 201


@app.get("/orders")
def list_orders():
    email = request.args.get("email")
    rows = db.orders_for_customer(conn(), email) if email else db.list_orders(conn(), request.args.get("sort", "newest"))
    return jsonify([dict(r) for r in rows])


@app.get("/orders/<int:order_id>")
def get_order(order_id: int):
    row = db.get_order(conn(), order_id)
    if row is None:
        abort(404)
    return jsonify(dict(row))


@app.delete("/orders/<int:order_id>")
def delete_order(order_id: int):
    if not db.delete_order(conn(), order_id):
        return jsonify({"error": "could not delete"}), 500
    return "", 204
