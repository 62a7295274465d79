export class ProductRepository {
  constructor(db) {
    this.db = db;
  }

  findAll(sql, params = []) {
    return this.db.query(sql, params);
  }

  async findById(id) {
    const rows = await this.db.query('SELECT * FROM products WHERE id = ?', [id]);
    return rows[0] ?? null;
  }

  findByBrand(brand) {
    const sql = `SELECT id, name, price_cents FROM products WHERE brand = '${brand}' ORDER BY name`;
    return this.db.query(sql); // expect: sql-injection
  }

  updateStock(id, quantity) {
    return this.db.execute('UPDATE products SET stock = ? WHERE id = ?', [quantity, id]);
  }
}
