'use strict';

const express = require('express');
const { Pool } = require('pg');
const logger = require('./logger');
const { publishEvent } = require('./events');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const router = express.Router();

const ORDER_FIELDS = 'id, customer_id, status, total_cents, created_at';
const SORT_COLUMNS = { created: 'created_at', total: 'total_cents' };

async function recordAudit(actor, action, details) {
  await pool.query('INSERT INTO audit_log (actor, action, details) VALUES ($1, $2, $3)', [
    actor,
    action,
    JSON.stringify(details),
  ]);
}

router.get('/orders/:id', async (req, res, next) => {
  try {
    const { rows } = await pool.query(`SELECT ${ORDER_FIELDS} FROM orders WHERE id = $1`, [req.params.id]);
    if (rows.length === 0) return res.status(404).json({ error: 'not found' });
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.get('/orders', async (req, res, next) => {
  const status = req.query.status || 'open';
  try {
    // expect: sql-injection
    const result = await pool.query(`SELECT ${ORDER_FIELDS} FROM orders WHERE status = '${status}'`);
    res.json(result.rows);
  } catch (err) {
    next(err);
  }
});

router.get('/orders/sorted', async (req, res, next) => {
  const column = SORT_COLUMNS[req.query.sort] || 'created_at';
  const direction = req.query.dir === 'asc' ? 'ASC' : 'DESC';
  try {
    const result = await pool.query(`SELECT ${ORDER_FIELDS} FROM orders ORDER BY ${column} ${direction} LIMIT $1`, [
      Number(req.query.limit) || 50,
    ]);
    res.json(result.rows);
  } catch (err) {
    next(err);
  }
});

router.get('/customers/search', async (req, res, next) => {
  const name = req.query.name || '';
  const sql = "SELECT id, name, email FROM customers WHERE name ILIKE '%" + name + "%' ORDER BY name";
  logger.debug('customer search', { name });
  try {
    // expect: sql-injection
    const { rows } = await pool.query(sql);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.post('/orders/:id/cancel', async (req, res, next) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("UPDATE orders SET status = 'cancelled' WHERE id = $1", [req.params.id]);
    await client.query('INSERT INTO order_events (order_id, kind) VALUES ($1, $2)', [req.params.id, 'cancelled']);
    await client.query('COMMIT');
    // expect: error-handling
    recordAudit(req.user.id, 'order.cancel', { orderId: req.params.id });
    res.status(204).end();
  } catch (err) {
    await client.query('ROLLBACK');
    next(err);
  } finally {
    client.release();
  }
});

router.post('/orders/:id/notes', async (req, res, next) => {
  const note = String(req.body.note || '').trim();
  try {
    await pool.query('INSERT INTO order_notes (order_id, body) VALUES ($1, $2)', [req.params.id, note]);
    void publishEvent('order.note_added', { orderId: req.params.id });
    res.status(201).json({ ok: true });
  } catch (err) {
    next(err);
  }
});

router.post('/orders/:id/touch', (req, res) => {
  // expect: error-handling
  pool.query('UPDATE orders SET updated_at = now() WHERE id = $1', [req.params.id]);
  res.status(202).end();
});

router.delete('/orders/:id', async (req, res, next) => {
  const reason = req.body.reason || 'unspecified';
  try {
    await pool.query('DELETE FROM orders WHERE id = $1', [req.params.id]);
    await recordAudit(req.user.id, 'order.delete', { orderId: req.params.id, reason });
    res.status(204).end();
  } catch (err) {
    logger.error('delete failed', { err, orderId: req.params.id });
    next(err);
  }
});

router.get('/reports/daily', async (req, res, next) => {
  const day = req.query.day;
  try {
    const [orders, refunds] = await Promise.all([
      pool.query('SELECT count(*) FROM orders WHERE created_at::date = $1', [day]),
      pool.query('SELECT count(*) FROM refunds WHERE created_at::date = $1', [day]),
    ]);
    res.json({ orders: orders.rows[0].count, refunds: refunds.rows[0].count });
  } catch (err) {
    next(err);
  }
});

router.get('/reports/by-region', async (req, res) => {
  const region = req.query.region;
  const query = {
    text: `SELECT region, sum(total_cents) FROM orders WHERE region = '${region}' GROUP BY region`,
  };
  try {
    // expect: sql-injection
    const { rows } = await pool.query(query);
    res.json(rows);
    // expect: error-handling
  } catch (e) {}
});

router.get('/healthz', (req, res) => {
  pool
    .query('SELECT 1')
    .then(() => res.json({ db: 'up' }))
    .catch((err) => {
      logger.warn('health check failed', { err });
      res.status(503).json({ db: 'down' });
    });
});

function selectHelpText(field) {
  return `Select an option from the ${field} list to filter orders`;
}

module.exports = { router, selectHelpText };
