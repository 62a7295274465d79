'use strict';

const express = require('express');
const products = require('./products');
const { pool } = require('./db');

const app = express();
app.use(express.json());
app.use('/products', products);

app.use((err, req, res, _next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

const port = Number(process.env.PORT || 3000);
const server = app.listen(port, () => console.log(`products API on :${port}`));

process.on('SIGTERM', () => {
  server.close(() => {
    pool.end().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
});
