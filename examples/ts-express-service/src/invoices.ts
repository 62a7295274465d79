import type { Request, Response, NextFunction } from 'express';
import { createPool, type RowDataPacket } from 'mysql2/promise';
import { loadConfig } from './config';
import { sendInvoiceEmail } from './mailer';

const config = loadConfig();
const pool = createPool({ uri: config.mysqlUrl, connectionLimit: 10 });

interface InvoiceRow extends RowDataPacket {
  id: number;
  customer: string;
  total_cents: number;
  status: 'open' | 'paid' | 'void';
}

export async function getInvoice(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const [rows] = await pool.execute<InvoiceRow[]>('SELECT * FROM invoices WHERE id = ?', [req.params.id]);
    if (rows.length === 0) {
      res.status(404).json({ error: 'invoice not found' });
      return;
    }
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
}

export async function listInvoices(req: Request, res: Response, next: NextFunction): Promise<void> {
  const status = String(req.query.status ?? 'open');
  const customer = String(req.query.customer ?? '');
  const sql = "SELECT * FROM invoices WHERE status = '" + status + "' AND customer LIKE '" + customer + "%'";
  try {
    const [rows] = await pool.query<InvoiceRow[]>(sql);
    res.json(rows);
  } catch (err) {
    next(err);
  }
}

export async function markPaid(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    await pool.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", [req.params.id]);
    res.status(204).end();
  } catch (err) {
    next(err);
  }
}

export async function sendInvoice(req: Request, res: Response): Promise<void> {
  const [rows] = await pool.execute<InvoiceRow[]>('SELECT * FROM invoices WHERE id = ?', [req.params.id]);
  const invoice = rows[0];
  if (!invoice) {
    res.status(404).end();
    return;
  }
  sendInvoiceEmail(invoice.customer, invoice.id).then(() => console.log(`invoice ${invoice.id} sent`));
  res.status(202).json({ queued: true });
}

export async function voidInvoices(ids: number[]): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('UPDATE invoices SET status = ? WHERE id IN (?)', ['void', ids]);
    await conn.commit();
  } catch (err) {
    await conn.rollback();
    throw err;
  } finally {
    conn.release();
  }
}
