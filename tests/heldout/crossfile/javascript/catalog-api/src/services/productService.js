'use strict';

class ProductService {
  constructor(repo) {
    this.repo = repo;
  }

  async listByBrand(brand) {
    return this.repo.select(`SELECT id, sku, name, price FROM products WHERE brand = '${brand}' ORDER BY name`); // expect: sql-injection
  }

  async getBySku(sku) {
    return this.repo.findBySku(sku);
  }

  async getById(id) {
    return this.repo.findById(id);
  }

  async filter(query) {
    const parts = ['active = true'];
    if (query.color) {
      parts.push(`color = '${query.color}'`);
    }
    if (query.maxPrice) {
      parts.push('price <= ' + query.maxPrice);
    }
    const sql = 'SELECT id, sku, name, price FROM products WHERE ' + parts.join(' AND ');
    return this.repo.select(sql); // expect: sql-injection
  }

  async inStock(warehouseId) {
    const conditions = ['s.quantity > 0'];
    const params = [];
    if (warehouseId) {
      params.push(warehouseId);
      conditions.push(`s.warehouse_id = $${params.length}`);
    }
    const sql =
      'SELECT p.id, p.sku, p.name, s.quantity FROM products p JOIN stock s ON s.product_id = p.id WHERE ' +
      conditions.join(' AND ');
    return this.repo.selectWithParams(sql, params);
  }
}

module.exports = { ProductService };
