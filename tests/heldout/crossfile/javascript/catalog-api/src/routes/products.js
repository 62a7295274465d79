'use strict';

const express = require('express');
const db = require('../db');
const { buildSearchSql, buildStatsSql, buildPagedListSql, buildByIdsSql } = require('../sql/builders');

function createProductRouter(productService) {
  const router = express.Router();

  router.get('/products', async (req, res, next) => {
    try {
      const limit = parseInt(req.query.limit, 10) || 25;
      const offset = parseInt(req.query.offset, 10) || 0;
      const rows = await db.query(buildPagedListSql(limit, offset));
      res.json(rows);
    } catch (err) {
      next(err);
    }
  });

  router.get('/products/search', async (req, res, next) => {
    try {
      const sql = buildSearchSql(req.query.q);
      const rows = await db.query(sql); // expect: sql-injection
      res.json(rows);
    } catch (err) {
      next(err);
    }
  });

  router.get('/products/stats', async (req, res, next) => {
    try {
      const rows = await db.query(buildStatsSql(req.query.groupBy)); // expect: sql-injection
      res.json(rows);
    } catch (err) {
      next(err);
    }
  });

  router.get('/categories/:slug/products', async (req, res, next) => {
    try {
      const where = `c.slug = '${req.params.slug}'`;
      const rows = await db.query('SELECT p.id, p.name, p.price FROM products p JOIN categories c ON c.id = p.category_id WHERE ' + where); // expect: sql-injection
      res.json(rows);
    } catch (err) {
      next(err);
    }
  });

  router.get('/categories', async (req, res, next) => {
    try {
      const rows = await db.query('SELECT id, slug, name FROM categories ORDER BY name');
      res.json(rows);
    } catch (err) {
      next(err);
    }
  });

  router.post('/products/batch', async (req, res, next) => {
    try {
      const ids = Array.isArray(req.body.ids) ? req.body.ids : [];
      const rows = await db.queryWithParams(buildByIdsSql(ids), ids);
      res.json(rows);
    } catch (err) {
      next(err);
    }
  });

  router.get('/products/in-stock', async (req, res, next) => {
    try {
      res.json(await productService.inStock(req.query.warehouseId));
    } catch (err) {
      next(err);
    }
  });

  router.get('/products/filter', async (req, res, next) => {
    try {
      res.json(await productService.filter(req.query));
    } catch (err) {
      next(err);
    }
  });

  router.get('/brands/:brand/products', async (req, res, next) => {
    try {
      res.json(await productService.listByBrand(req.params.brand));
    } catch (err) {
      next(err);
    }
  });

  router.get('/products/sku/:sku', async (req, res, next) => {
    try {
      const product = await productService.getBySku(req.params.sku);
      if (!product) {
        res.status(404).json({ error: 'not found' });
        return;
      }
      res.json(product);
    } catch (err) {
      next(err);
    }
  });

  router.get('/products/:id', async (req, res, next) => {
    try {
      const product = await productService.getById(req.params.id);
      if (!product) {
        res.status(404).json({ error: 'not found' });
        return;
      }
      res.json(product);
    } catch (err) {
      next(err);
    }
  });

  return router;
}

module.exports = { createProductRouter };
