'use strict';

const express = require('express');
const { pool } = require('./db');
const { notifySearchIndex } = require('./searchIndex');

const router = express.Router();
const SORTS = { price: 'price_cents', name: 'name', newest: 'created_at DESC' };

router.get('/', async (req, res, next) => {
  const orderBy = SORTS[req.query.sort] || SORTS.newest;
  try {
    const { rows } = await pool.query(`SELECT id, name, price_cents FROM products ORDER BY ${orderBy} LIMIT $1`, [
      Math.min(Number(req.query.limit) || 20, 100),
    ]);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/search', async (req, res, next) => {
  const term = req.query.q || '';
  try {
    const { rows } = await pool.query(`SELECT id, name FROM products WHERE name ILIKE '%${term}%'`);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.get('/:id', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT * FROM products WHERE id = $1', [req.params.id]);
    if (rows.length === 0) return res.status(404).json({ error: 'not found' });
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.put('/:id/price', async (req, res, next) => {
  const priceCents = Number(req.body.price_cents);
  if (!Number.isInteger(priceCents) || priceCents < 0) {
    return res.status(400).json({ error: 'price_cents must be a non-negative integer' });
  }
  try {
    await pool.query('UPDATE products SET price_cents = $1 WHERE id = $2', [priceCents, req.params.id]);
    pool.query('INSERT INTO price_history (product_id, price_cents) VALUES ($1, $2)', [req.params.id, priceCents]);
    await notifySearchIndex(req.params.id);
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});

router.delete('/:id', async (req, res, next) => {
  try {
    await pool.query('DELETE FROM products WHERE id = $1', [req.params.id]);
    await notifySearchIndex(req.params.id);
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});

module.exports = router;
