import { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { pool, runSql, runSqlWithParams, SqlParam } from '../db/connection';

export class InvoiceRepository {
  async query(sql: string): Promise<RowDataPacket[]> {
    return runSql(sql);
  }

  async queryWithParams(sql: string, params: SqlParam[]): Promise<RowDataPacket[]> {
    return runSqlWithParams(sql, params);
  }

  async deleteDraftByNumber(invoiceNumber: string): Promise<number> {
    const [result] = await pool.query<ResultSetHeader>(`DELETE FROM invoices WHERE status = 'draft' AND number = '${invoiceNumber}'`); // expect: sql-injection
    return result.affectedRows;
  }

  async markPaid(id: number): Promise<number> {
    const [result] = await pool.execute<ResultSetHeader>('UPDATE invoices SET status = ?, paid_at = NOW() WHERE id = ?', ['paid', id]);
    return result.affectedRows;
  }
}
