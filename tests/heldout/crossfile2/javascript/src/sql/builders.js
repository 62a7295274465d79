export const SORT_COLUMNS = new Map([
  ['name', 'p.name ASC'],
  ['price', 'p.price_cents ASC'],
  ['price_desc', 'p.price_cents DESC'],
  ['newest', 'p.created_at DESC'],
]);

export function buildProductSearch(term, category) {
  let sql = `SELECT p.id, p.name, p.price_cents FROM products p WHERE p.name LIKE '%${term}%'`;
  if (category) {
    sql += ` AND p.category = '${category}'`;
  }
  return sql;
}

export function buildPlaceholders(count) {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError('count must be a positive integer');
  }
  return new Array(count).fill('?').join(', ');
}

export function orderBy(sortKey) {
  return `ORDER BY ${SORT_COLUMNS.get(sortKey) ?? SORT_COLUMNS.get('name')}`;
}
