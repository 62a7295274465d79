import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InvoiceRepository, InvoiceRow } from './invoice.repository';
import {
  INVOICE_COLUMNS,
  buildInvoiceSearch,
  buildOrderBy,
  positionalList,
  sortClause,
} from '../sql/invoice-queries';

export interface InvoiceFilter {
  status?: string;
  currency?: string;
  minTotal?: string;
}

const MAX_PAGE_SIZE = 200;

@Injectable()
export class InvoiceService {
  constructor(private readonly repo: InvoiceRepository) {}

  async get(id: string): Promise<InvoiceRow> {
    const invoice = await this.repo.findById(id);
    if (!invoice) throw new NotFoundException(`invoice ${id} not found`);
    return invoice;
  }

  search(term: string): Promise<InvoiceRow[]> {
    const sql = buildInvoiceSearch(term);
    return this.repo.raw(sql); // expect: sql-injection
  }

  byCurrency(currency: string): Promise<InvoiceRow[]> {
    const sql = 'SELECT ' + INVOICE_COLUMNS + " FROM invoices i WHERE i.currency = '" + currency.toUpperCase() + "'";
    return this.repo.raw(sql); // expect: sql-injection
  }

  byStatus(status: string): Promise<InvoiceRow[]> {
    return this.repo.findByStatus(status);
  }

  agingReport(column: string, direction: string): Promise<InvoiceRow[]> {
    const base = `SELECT ${INVOICE_COLUMNS} FROM invoices i WHERE i.status = 'open'`;
    return this.repo.raw(`${base} ${buildOrderBy(column, direction)}`); // expect: sql-injection
  }

  filter(f: InvoiceFilter): Promise<InvoiceRow[]> {
    const conditions: string[] = [];
    if (f.status) conditions.push(`i.status = '${f.status}'`);
    if (f.currency) conditions.push(`i.currency = '${f.currency}'`);
    if (f.minTotal) conditions.push('i.total_cents >= ' + f.minTotal);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.repo.raw(`SELECT ${INVOICE_COLUMNS} FROM invoices i ${where}`); // expect: sql-injection
  }

  filterSafe(f: InvoiceFilter): Promise<InvoiceRow[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (f.status) {
      params.push(f.status);
      conditions.push(`i.status = $${params.length}`);
    }
    if (f.currency) {
      params.push(f.currency);
      conditions.push(`i.currency = $${params.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.repo.raw(`SELECT ${INVOICE_COLUMNS} FROM invoices i ${where}`, params);
  }

  findMany(ids: string[]): Promise<InvoiceRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo.raw(`SELECT ${INVOICE_COLUMNS} FROM invoices i WHERE i.id IN (${positionalList(ids.length)})`, ids);
  }

  page(limit?: string): Promise<InvoiceRow[]> {
    const n = limit === undefined ? 25 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
      throw new BadRequestException(`limit must be an integer between 1 and ${MAX_PAGE_SIZE}`);
    }
    return this.repo.raw(`SELECT ${INVOICE_COLUMNS} FROM invoices i ORDER BY i.issued_at DESC LIMIT ${n}`);
  }

  sorted(sortKey: string | undefined, descending: boolean): Promise<InvoiceRow[]> {
    return this.repo.raw(`SELECT ${INVOICE_COLUMNS} FROM invoices i ${sortClause(sortKey, descending)}`);
  }
}
