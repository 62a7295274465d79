import { Pool, PoolClient } from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Request, Response, NextFunction } from 'express';
import { logger } from './logger';
import { queue } from './queue';

interface InvoiceRow {
  id: string;
  customer_id: string;
  total_cents: number;
  status: 'draft' | 'open' | 'paid' | 'void';
}

interface Database {
  invoices: InvoiceRow;
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL, statement_timeout: 10_000 });
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

const INVOICE_TABLE = 'invoices';

export async function invoiceById(id: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function invoicesForCustomer(customerId: string, status?: InvoiceRow['status']): Promise<InvoiceRow[]> {
  let query = db.selectFrom('invoices').selectAll().where('customer_id', '=', customerId);
  if (status) query = query.where('status', '=', status);
  return query.orderBy('id').execute();
}

export async function invoicesByMemo(memo: string): Promise<InvoiceRow[]> {
  const text = `SELECT * FROM ${INVOICE_TABLE} WHERE memo ILIKE '%${memo}%'`;
  // expect: sql-injection
  const result = await pool.query<InvoiceRow>(text);
  return result.rows;
}

export async function invoicesByMemoSafe(memo: string): Promise<InvoiceRow[]> {
  const result = await pool.query<InvoiceRow>(`SELECT * FROM ${INVOICE_TABLE} WHERE memo ILIKE $1`, [`%${memo}%`]);
  return result.rows;
}

export async function totalsByStatus(): Promise<Record<string, number>> {
  const query = sql`SELECT status, sum(total_cents) AS total FROM invoices GROUP BY status`;
  const { rows } = (await query.execute(db)) as { rows: { status: string; total: number }[] };
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.total)]));
}

export async function totalsForCurrency(currency: string): Promise<number> {
  // expect: sql-injection
  const { rows } = await sql.raw(`SELECT sum(total_cents) AS total FROM invoices WHERE currency = '${currency}'`).execute(db);
  return Number((rows[0] as { total?: number } | undefined)?.total ?? 0);
}

export async function voidInvoices(ids: string[]): Promise<void> {
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`UPDATE invoices SET status = 'void' WHERE id = ANY($1::uuid[])`, [ids]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export async function bulkUpdateStatus(ids: string[], status: string): Promise<void> {
  const list = ids.map((id) => `'${id}'`).join(',');
  // expect: sql-injection
  await pool.query(`UPDATE invoices SET status = '${status}' WHERE id IN (${list})`);
}

export async function enqueueReminders(invoices: InvoiceRow[]): Promise<void> {
  for (const invoice of invoices) {
    await queue.add('invoice-reminder', { invoiceId: invoice.id });
  }
}

export async function getInvoice(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const invoice = await invoiceById(req.params.id);
    if (!invoice) {
      res.status(404).json({ error: 'invoice not found' });
      return;
    }
    res.json(invoice);
  } catch (err) {
    next(err);
  }
}

export function sendInvoice(req: Request, res: Response): void {
  // expect: error-handling
  queue.add('invoice-email', { invoiceId: req.params.id });
  res.status(202).json({ queued: true });
}

export function sendInvoiceSafely(req: Request, res: Response, next: NextFunction): void {
  queue
    .add('invoice-email', { invoiceId: req.params.id })
    .then(() => res.status(202).json({ queued: true }))
    .catch(next);
}

export function exportInvoices(req: Request, res: Response): void {
  const month = String(req.query.month ?? '');
  // expect: error-handling
  enqueueReminders([]).then(() => logger.info(`export queued for ${month}`));
  res.status(202).end();
}

export async function invoiceStats(req: Request, res: Response): Promise<void> {
  const [open, paid] = await Promise.all([
    pool.query(`SELECT count(*) FROM invoices WHERE status = 'open'`),
    pool.query(`SELECT count(*) FROM invoices WHERE status = 'paid'`),
  ]);
  res.json({ open: Number(open.rows[0].count), paid: Number(paid.rows[0].count) });
}

export async function safeRecalculate(id: string): Promise<boolean> {
  try {
    await pool.query('SELECT recalculate_invoice($1)', [id]);
    return true;
  } catch (err: unknown) {
    logger.error('recalculation failed', { id, err });
    return false;
  }
}

export async function shutdown(): Promise<void> {
  await db.destroy();
  logger.info('invoice service stopped; select a new leader from the pool on restart');
}

process.on('SIGTERM', () => {
  void shutdown();
});
