'use strict';

const PRODUCT_COLUMNS = 'id, sku, name, price';

function buildSearchSql(term) {
  return 'SELECT ' + PRODUCT_COLUMNS + " FROM products WHERE name ILIKE '%" + term + "%'";
}

function buildStatsSql(column) {
  return `SELECT ${column} AS bucket, COUNT(*) AS total FROM products GROUP BY ${column}`;
}

function buildPagedListSql(limit, offset) {
  return `SELECT ${PRODUCT_COLUMNS} FROM products ORDER BY id LIMIT ${limit} OFFSET ${offset}`;
}

function buildPlaceholders(count, startAt = 1) {
  return Array.from({ length: count }, (_, i) => `$${i + startAt}`).join(', ');
}

function buildByIdsSql(ids) {
  return `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id IN (${buildPlaceholders(ids.length)})`;
}

module.exports = {
  buildSearchSql,
  buildStatsSql,
  buildPagedListSql,
  buildPlaceholders,
  buildByIdsSql,
};
