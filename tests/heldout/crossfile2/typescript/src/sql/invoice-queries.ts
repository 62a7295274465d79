export const INVOICE_COLUMNS =
  'i.id, i.number, i.customer_id, i.total_cents, i.currency, i.status, i.issued_at, i.due_at';

export const SORTABLE_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['issued', 'i.issued_at'],
  ['due', 'i.due_at'],
  ['total', 'i.total_cents'],
  ['number', 'i.number'],
]);

export function buildInvoiceSearch(term: string): string {
  return (
    `SELECT ${INVOICE_COLUMNS} FROM invoices i JOIN customers c ON c.id = i.customer_id ` +
    `WHERE c.name ILIKE '%${term}%' OR i.number = '${term}'`
  );
}

export function buildOrderBy(column: string, direction: string): string {
  return `ORDER BY ${column} ${direction}`;
}

export function sortClause(sortKey: string | undefined, descending: boolean): string {
  const column = (sortKey && SORTABLE_COLUMNS.get(sortKey)) || 'i.issued_at';
  return `ORDER BY ${column} ${descending ? 'DESC' : 'ASC'}`;
}

export function positionalList(count: number, offset = 0): string {
  return Array.from({ length: count }, (_, i) => `$${i + 1 + offset}`).join(', ');
}
