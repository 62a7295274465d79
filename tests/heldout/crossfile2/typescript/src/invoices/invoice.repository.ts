import { Injectable } from '@nestjs/common';
import { DbService } from '../database/db.service';
import { INVOICE_COLUMNS } from '../sql/invoice-queries';

export interface InvoiceRow {
  id: string;
  number: string;
  customer_id: string;
  total_cents: number;
  currency: string;
  status: string;
  issued_at: Date;
  due_at: Date;
}

@Injectable()
export class InvoiceRepository {
  constructor(private readonly db: DbService) {}

  raw(sql: string, params: unknown[] = []): Promise<InvoiceRow[]> {
    return this.db.select<InvoiceRow>(sql, params);
  }

  async findById(id: string): Promise<InvoiceRow | undefined> {
    const rows = await this.db.select<InvoiceRow>(`SELECT ${INVOICE_COLUMNS} FROM invoices i WHERE i.id = $1`, [id]);
    return rows[0];
  }

  findByStatus(status: string): Promise<InvoiceRow[]> {
    const sql = `SELECT ${INVOICE_COLUMNS} FROM invoices i WHERE i.status = '${status}' ORDER BY i.issued_at DESC`;
    return this.db.select<InvoiceRow>(sql); // expect: sql-injection
  }
}
