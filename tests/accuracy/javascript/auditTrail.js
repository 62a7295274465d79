'use strict';

const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const { EventEmitter } = require('events');
const { pool } = require('./db');
const logger = require('./logger');

const AUDIT_TABLE = 'audit_events';
const TOKEN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789abcdefghjkmnpqrstuvwxyz';
const events = new EventEmitter();

async function record(actor, action, target) {
  await pool.query(`INSERT INTO ${AUDIT_TABLE} (actor, action, target) VALUES ($1, $2, $3)`, [actor, action, target]);
}

async function search({ actor, action, since }) {
  let sql = `SELECT id, actor, action, target, created_at FROM ${AUDIT_TABLE} WHERE 1 = 1`;
  const params = [];
  if (actor) {
    params.push(actor);
    sql += ` AND actor = $${params.length}`;
  }
  if (action) {
    params.push(action);
    sql += ` AND action = $${params.length}`;
  }
  if (since) {
    params.push(since);
    sql += ` AND created_at >= $${params.length}`;
  }
  const { rows } = await pool.query(sql, params);
  return rows;
}

async function searchByTarget(target, order) {
  let sql = `SELECT id, actor, action FROM ${AUDIT_TABLE} WHERE target = $1`;
  if (order) sql += ` ORDER BY ${order}`;
  // expect: sql-injection
  const { rows } = await pool.query(sql, [target]);
  return rows;
}

function signExport(payload) {
  // expect: secret
  return jwt.sign(payload, 'Wk8Rz3Lm9Xq2Vt7Nb4Pc1Hd6Fy5Gj0Ts', { expiresIn: '10m' });
}

function verifyExport(token) {
  return jwt.verify(token, process.env.AUDIT_EXPORT_SECRET);
}

function newExportToken() {
  return Array.from(crypto.randomBytes(24), (b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join('');
}

function basicAuth() {
  // expect: secret
  return { Authorization: 'Basic YXVkaXQtZXhwb3J0ZXI6Uzl4S3E0TG03V3oyUnQ4Vg==' };
}

async function exportTo(url, rows) {
  const options = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rows),
    signal: AbortSignal.timeout(10000),
  };
  const res = await fetch(url, options);
  if (!res.ok) throw new Error(`export target answered ${res.status}`);
}

function exportWithSignal(url, rows, signal) {
  return fetch(url, { method: 'POST', body: JSON.stringify(rows), signal });
}

events.on('login', async ({ userId, ip }) => {
  try {
    await record(userId, 'login', ip);
  } catch (err) {
    logger.error('could not record login', { err, userId });
  }
});

events.on('logout', ({ userId }) => {
  // expect: error-handling
  record(userId, 'logout', null);
});

async function recordMany(entries) {
  await Promise.all(entries.map(async (e) => record(e.actor, e.action, e.target)));
}

async function recordInOrder(entries) {
  const pending = entries.map((e) => record(e.actor, e.action, e.target));
  for (const p of pending) {
    await p;
  }
}

function recordLater(entry) {
  setImmediate(() => {
    void record(entry.actor, entry.action, entry.target);
  });
}

function cacheAll(entries, cache) {
  entries.forEach((entry) => cache.set(entry.id, entry));
}

async function purge(days) {
  const result = await pool.query(`DELETE FROM ${AUDIT_TABLE} WHERE created_at < now() - $1::interval`, [`${days} days`]);
  logger.info(`purged ${result.rowCount} audit rows; select from ${AUDIT_TABLE} to verify`);
  return result.rowCount;
}

function parseTarget(raw) {
  try {
    return new URL(raw).pathname;
  } catch (err) {
    logger.debug('target is not a URL', { raw, err: err.message });
    return raw;
  }
}

function tryParseJson(raw) {
  try {
    return JSON.parse(raw);
    // deliberate and said so (a variable named `ignored`, or a comment): handling, not a swallow
  } catch (_) {
    // ignore
  }
  return null;
}

module.exports = {
  events,
  record,
  search,
  searchByTarget,
  signExport,
  verifyExport,
  newExportToken,
  basicAuth,
  exportTo,
  exportWithSignal,
  recordMany,
  recordInOrder,
  recordLater,
  cacheAll,
  purge,
  parseTarget,
  tryParseJson,
};
