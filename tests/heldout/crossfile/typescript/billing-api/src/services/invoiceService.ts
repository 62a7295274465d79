import { RowDataPacket } from 'mysql2/promise';
import { InvoiceRepository } from '../repositories/invoiceRepository';
import { buildInvoicesByIds } from '../sql/invoiceQueries';

export interface InvoiceFilter {
  status?: string;
  customerId?: string;
}

function buildRevenueSql(groupBy: string): string {
  return `SELECT ${groupBy} AS bucket, SUM(amount) AS total FROM invoices WHERE status = 'paid' GROUP BY ${groupBy}`;
}

export class InvoiceService {
  constructor(private readonly repo: InvoiceRepository) {}

  overdueFor(currency: string): Promise<RowDataPacket[]> {
    const sql = `SELECT id, number, amount FROM invoices WHERE due_date < NOW() AND status <> 'paid' AND currency = '${currency}'`;
    return this.repo.query(sql); // expect: sql-injection
  }

  filter(criteria: InvoiceFilter): Promise<RowDataPacket[]> {
    const conditions: string[] = [];
    if (criteria.status) {
      conditions.push(`status = '${criteria.status}'`);
    }
    if (criteria.customerId) {
      conditions.push('customer_id = ' + criteria.customerId);
    }
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    return this.repo.query('SELECT id, number, status, amount FROM invoices' + where); // expect: sql-injection
  }

  revenueReport(groupBy: string): Promise<RowDataPacket[]> {
    return this.repo.query(buildRevenueSql(groupBy)); // expect: sql-injection
  }

  byIds(ids: number[]): Promise<RowDataPacket[]> {
    return this.repo.queryWithParams(buildInvoicesByIds(ids.length), ids);
  }

  unpaidForCustomer(customerId: string, currency?: string): Promise<RowDataPacket[]> {
    const conditions: string[] = ['customer_id = ?', "status <> 'paid'"];
    const params: string[] = [customerId];
    if (currency) {
      conditions.push('currency = ?');
      params.push(currency);
    }
    return this.repo.queryWithParams(`SELECT id, number, amount FROM invoices WHERE ${conditions.join(' AND ')}`, params);
  }

  removeDraft(invoiceNumber: string): Promise<number> {
    return this.repo.deleteDraftByNumber(invoiceNumber);
  }

  markPaid(id: number): Promise<number> {
    return this.repo.markPaid(id);
  }
}
