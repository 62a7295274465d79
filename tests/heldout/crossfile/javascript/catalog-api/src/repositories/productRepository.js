'use strict';

const db = require('../db');

class ProductRepository {
  async select(sql) {
    return db.query(sql);
  }

  async selectWithParams(sql, params) {
    return db.queryWithParams(sql, params);
  }

  async findBySku(sku) {
    const rows = await db.query("SELECT id, sku, name, price FROM products WHERE sku = '" + sku + "'"); // expect: sql-injection
    return rows[0] || null;
  }

  async findById(id) {
    const rows = await db.queryWithParams('SELECT id, sku, name, price FROM products WHERE id = $1', [id]);
    return rows[0] || null;
  }
}

module.exports = { ProductRepository };
