'use strict';

const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const { Sequelize, QueryTypes } = require('sequelize');
const mysql = require('mysql2/promise');
const postgres = require('postgres');
const logger = require('./logger');
const mailer = require('./mailer');

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const sql = postgres(process.env.DATABASE_URL);
const REMINDER_TABLE = 'payment_reminders';

async function dueInvoices(days) {
  return knex('invoices')
    .where('status', 'open')
    .andWhere('due_at', '<', knex.raw('now() + ?::interval', [`${days} days`]))
    .select('id', 'customer_id', 'amount_cents');
}

async function invoicesForCustomerName(name) {
  // expect: sql-injection
  return knex.raw(`SELECT * FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.name = '${name}'`);
}

async function overdueByRegion(region) {
  // expect: sql-injection
  return knex('invoices').whereRaw(`region = '${region}' AND due_at < now()`).select('id');
}

async function overdueByRegionSafe(region) {
  return knex('invoices').whereRaw('region = ? AND due_at < now()', [region]).select('id');
}

async function customerByEmail(email) {
  const [rows] = await sequelize.query('SELECT id, name FROM customers WHERE email = :email', {
    replacements: { email },
    type: QueryTypes.SELECT,
  });
  return rows;
}

async function customersByPlan(plan) {
  // expect: sql-injection
  return sequelize.query("SELECT id, name FROM customers WHERE plan = '" + plan + "'", { type: QueryTypes.SELECT });
}

async function remindersSentSince(since) {
  return sql`SELECT id, invoice_id FROM payment_reminders WHERE sent_at > ${since}`;
}

async function legacyMysqlCount(status) {
  const conn = await mysql.createConnection(process.env.LEGACY_MYSQL_URL);
  try {
    const [rows] = await conn.execute('SELECT COUNT(*) AS n FROM invoices WHERE status = ?', [status]);
    return rows[0].n;
  } finally {
    await conn.end();
  }
}

async function legacyMysqlSearch(term) {
  const conn = await mysql.createConnection(process.env.LEGACY_MYSQL_URL);
  const statement = 'SELECT id FROM invoices WHERE memo LIKE "%' + term + '%"';
  try {
    // expect: sql-injection
    const [rows] = await conn.query(statement);
    return rows;
  } finally {
    await conn.end();
  }
}

async function sendReminder(invoice) {
  await mailer.send({ to: invoice.email, template: 'payment-reminder', data: invoice });
  await knex(REMINDER_TABLE).insert({ invoice_id: invoice.id, sent_at: knex.fn.now() });
}

async function runReminders() {
  const invoices = await dueInvoices(3);
  // expect: error-handling
  invoices.forEach(async (invoice) => {
    await sendReminder(invoice);
  });
}

async function runRemindersSequentially() {
  const invoices = await dueInvoices(3);
  for (const invoice of invoices) {
    try {
      await sendReminder(invoice);
    } catch (err) {
      logger.error('reminder failed', { invoiceId: invoice.id, err });
    }
  }
}

async function runRemindersInParallel() {
  const invoices = await dueInvoices(1);
  await Promise.all(invoices.map((invoice) => sendReminder(invoice)));
}

function markSent(invoiceIds) {
  // expect: error-handling
  knex('invoices').whereIn('id', invoiceIds).update({ reminded_at: knex.fn.now() }).then(() => {
    logger.info('marked reminded', { count: invoiceIds.length });
  });
}

function markSentSafely(invoiceIds) {
  return knex('invoices')
    .whereIn('id', invoiceIds)
    .update({ reminded_at: knex.fn.now() })
    .then(() => logger.info('marked reminded', { count: invoiceIds.length }));
}

async function purgeOld(days) {
  try {
    await knex(REMINDER_TABLE).where('sent_at', '<', knex.raw(`now() - interval '1 day' * ?`, [days])).del();
    // expect: error-handling
  } catch (err) {
  }
}

async function archiveTable(table) {
  const allowed = new Set(['payment_reminders', 'email_log']);
  if (!allowed.has(table)) throw new Error(`refusing to archive ${table}`);
  await knex.raw('INSERT INTO archive.?? SELECT * FROM ??', [table, table]);
}

function start() {
  const timer = setInterval(() => {
    runRemindersSequentially().catch((err) => logger.error('reminder run failed', { err }));
  }, 60 * 60 * 1000);
  process.on('SIGTERM', () => {
    clearInterval(timer);
    knex.destroy().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // expect: error-handling
  runReminders();
}

function describeQuery(filter) {
  logger.info(`select invoices from the reminder queue where ${filter}`);
  return `Select from the list of ${filter} invoices`;
}

module.exports = {
  dueInvoices,
  invoicesForCustomerName,
  overdueByRegion,
  overdueByRegionSafe,
  customerByEmail,
  customersByPlan,
  remindersSentSince,
  legacyMysqlCount,
  legacyMysqlSearch,
  runReminders,
  runRemindersInParallel,
  markSent,
  markSentSafely,
  purgeOld,
  archiveTable,
  start,
  describeQuery,
};
