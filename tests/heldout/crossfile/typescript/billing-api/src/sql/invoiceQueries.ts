const INVOICE_COLUMNS = 'id, number, customer_id, currency, amount, status, due_date';

export function buildInvoiceSearch(term: string): string {
  return `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE number LIKE '%${term}%' OR notes LIKE '%${term}%'`;
}

export function buildInvoiceById(): string {
  return `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = ?`;
}

export function placeholders(count: number): string {
  return new Array(count).fill('?').join(', ');
}

export function buildInvoicesByIds(count: number): string {
  return `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id IN (${placeholders(count)})`;
}
