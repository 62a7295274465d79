'use strict';

const express = require('express');
const { ProductRepository } = require('./repositories/productRepository');
const { ProductService } = require('./services/productService');
const { createProductRouter } = require('./routes/products');

const app = express();
app.use(express.json());

const productService = new ProductService(new ProductRepository());
app.use('/api', createProductRouter(productService));

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, () => {
  console.log(`catalog-api listening on ${port}`);
});

module.exports = app;
