import { buildPlaceholders, buildProductSearch, orderBy } from '../sql/builders.js';

const MAX_PAGE_SIZE = 100;

export class ProductService {
  constructor(repo) {
    this.repo = repo;
  }

  search(term, category) {
    const sql = buildProductSearch(term, category);
    return this.repo.findAll(sql); // expect: sql-injection
  }

  pricedAbove(minPrice) {
    const sql = 'SELECT id, name, price_cents FROM products WHERE price_cents > ' + minPrice;
    return this.repo.findAll(sql); // expect: sql-injection
  }

  byBrand(brand) {
    return this.repo.findByBrand(brand.trim());
  }

  filter(filters) {
    const where = ['p.active = 1'];
    if (filters.color) where.push(`p.color = '${filters.color}'`);
    if (filters.size) where.push("p.size = '" + filters.size + "'");
    if (filters.tag) where.push(`EXISTS (SELECT 1 FROM product_tags t WHERE t.product_id = p.id AND t.tag = '${filters.tag}')`);
    const sql = `SELECT p.* FROM products p WHERE ${where.join(' AND ')}`;
    return this.repo.findAll(sql); // expect: sql-injection
  }

  filterSafe(filters) {
    const where = ['p.active = 1'];
    const params = [];
    if (filters.color) {
      where.push('p.color = ?');
      params.push(filters.color);
    }
    if (filters.size) {
      where.push('p.size = ?');
      params.push(filters.size);
    }
    return this.repo.findAll(`SELECT p.* FROM products p WHERE ${where.join(' AND ')}`, params);
  }

  findMany(ids) {
    const sql = `SELECT * FROM products WHERE id IN (${buildPlaceholders(ids.length)})`;
    return this.repo.findAll(sql, ids);
  }

  page(limitParam, sortKey) {
    const limit = Number.parseInt(limitParam ?? '20', 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new RangeError(`limit must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    return this.repo.findAll(`SELECT p.id, p.name, p.price_cents FROM products p ${orderBy(sortKey)} LIMIT ${limit}`);
  }
}
