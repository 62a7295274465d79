'use strict';

const { Pool } = require('pg');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL || 'postgres://products@localhost:5432/products',
  max: Number(process.env.PG_POOL_SIZE || 10),
});

// Used by the nightly report job on the analytics replica.
const analyticsPool = new Pool({
  connectionString: 'postgres://analytics:Tq7Lm2Xr9Vz4Kw8N@analytics-replica.internal:5432/products',
});

module.exports = { pool, analyticsPool };
