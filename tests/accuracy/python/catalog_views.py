"""HTTP views for the product catalog (Flask + SQLAlchemy, with a few Django-era raw queries)."""

from __future__ import annotations

import logging
import os

from django.db import connection
from flask import Blueprint, abort, jsonify, request
from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from .models import Product, ProductModel
from .db import engine

log = logging.getLogger(__name__)
bp = Blueprint("catalog", __name__, url_prefix="/catalog")

PAGE_SIZE = 50
VISIBLE = "is_visible = TRUE"


@bp.get("/products")
def list_products():
    category = request.args.get("category", "")
    page = int(request.args.get("page", "1"))
    with Session(engine) as session:
        stmt = select(Product).where(Product.category == category).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        products = session.scalars(stmt).all()
    return jsonify([p.to_dict() for p in products])


@bp.get("/products/search")
def search_products():
    q = request.args.get("q", "")
    with Session(engine) as session:
        # expect: sql-injection
        rows = session.execute(text(f"SELECT id, name FROM products WHERE name ILIKE '%{q}%' AND {VISIBLE}")).all()
    return jsonify([dict(r._mapping) for r in rows])


@bp.get("/products/by-sku")
def product_by_sku():
    sku = request.args.get("sku", "")
    with Session(engine) as session:
        row = session.execute(
            text(f"SELECT id, name, price_cents FROM products WHERE sku = :sku AND {VISIBLE}"), {"sku": sku}
        ).first()
    if row is None:
        abort(404)
    return jsonify(dict(row._mapping))


@bp.get("/products/bulk")
def products_bulk():
    ids = [int(i) for i in request.args.getlist("id")]
    stmt = text("SELECT id, name FROM products WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
    with engine.connect() as conn:
        rows = conn.execute(stmt, {"ids": ids}).all()
    return jsonify([dict(r._mapping) for r in rows])


@bp.post("/products/<int:product_id>/price")
def update_price(product_id: int):
    body = request.get_json(force=True)
    currency = body.get("currency", "EUR")
    raw = "UPDATE products SET price_cents = %d, currency = '%s' WHERE id = %d" % (
        body["price_cents"],
        currency,
        product_id,
    )
    with engine.begin() as conn:
        # expect: sql-injection
        conn.exec_driver_sql(raw)
    return jsonify({"ok": True})


@bp.get("/reports/stock")
def stock_report():
    warehouse = request.args.get("warehouse", "main")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.sku, s.quantity FROM stock s JOIN products p ON p.id = s.product_id WHERE s.warehouse = %s",
            [warehouse],
        )
        rows = cursor.fetchall()
    log.info("stock report for %s: %d rows (SELECT from stock)", warehouse, len(rows))
    return jsonify(rows)


@bp.get("/reports/legacy")
def legacy_report():
    supplier = request.args.get("supplier", "")
    # expect: sql-injection
    products = ProductModel.objects.raw("SELECT * FROM catalog_product WHERE supplier = '%s'" % supplier)
    return jsonify([p.sku for p in products])


@bp.get("/reports/legacy-safe")
def legacy_report_safe():
    supplier = request.args.get("supplier", "")
    products = ProductModel.objects.raw("SELECT * FROM catalog_product WHERE supplier = %s", [supplier])
    return jsonify([p.sku for p in products])


@bp.get("/reports/heavy")
def heavy_products():
    min_weight = request.args.get("min_weight", "0")
    # expect: sql-injection
    qs = ProductModel.objects.extra(where=[f"weight_grams > {min_weight}"])
    return jsonify([p.sku for p in qs])


@bp.get("/reports/ordered")
def ordered_products():
    order_by = request.args.get("order_by", "name")
    allowed = {"name", "price_cents", "created_at"}
    if order_by not in allowed:
        abort(400, description="Select a sort key from name, price_cents or created_at")
    qs = ProductModel.objects.order_by(order_by)
    return jsonify([p.sku for p in qs])


@bp.delete("/products/<sku>")
def delete_product(sku: str):
    with connection.cursor() as cursor:
        query = "DELETE FROM catalog_product WHERE sku = '" + sku + "'"
        try:
            # expect: sql-injection
            cursor.execute(query)
        except Exception:
            log.exception("could not delete product %s", sku)
            raise
    return "", 204


@bp.get("/health")
def health():
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        log.error("database health check failed: %s", exc)
        return jsonify({"db": "down"}), 503
    return jsonify({"db": "up", "region": os.environ.get("REGION", "local")})


@bp.get("/suppliers")
def suppliers():
    country = request.args.get("country")
    clauses, params = [], {}
    if country:
        clauses.append("country = :country")
        params["country"] = country
    where = " AND ".join(clauses) or "TRUE"
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, name FROM suppliers WHERE " + where), params).all()
    return jsonify([dict(r._mapping) for r in rows])
