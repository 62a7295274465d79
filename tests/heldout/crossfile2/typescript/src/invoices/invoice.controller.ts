import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { DbService } from '../database/db.service';
import { InvoiceFilter, InvoiceService } from './invoice.service';

@Controller('invoices')
export class InvoiceController {
  constructor(
    private readonly invoices: InvoiceService,
    private readonly db: DbService,
  ) {}

  @Get()
  list(@Query('limit') limit?: string) {
    return this.invoices.page(limit);
  }

  @Get('sorted')
  sorted(@Query('by') by?: string, @Query('desc') desc?: string) {
    return this.invoices.sorted(by, desc === 'true');
  }

  @Get('aging')
  aging(@Query('orderBy') orderBy = 'i.due_at', @Query('dir') dir = 'ASC') {
    return this.invoices.agingReport(orderBy, dir);
  }

  @Get('search')
  search(@Query('q') q: string) {
    return this.invoices.search(q);
  }

  @Get('filter')
  filter(@Query() filter: InvoiceFilter) {
    return this.invoices.filter(filter);
  }

  @Get('export')
  exportRows(@Query() filter: InvoiceFilter) {
    return this.invoices.filterSafe(filter);
  }

  @Get('status/:status')
  byStatus(@Param('status') status: string) {
    return this.invoices.byStatus(status);
  }

  @Get('currency/:code')
  byCurrency(@Param('code') code: string) {
    return this.invoices.byCurrency(code);
  }

  @Post('batch')
  batch(@Body('ids') ids: string[] = []) {
    return this.invoices.findMany(ids);
  }

  @Get('customer/:customerId')
  forCustomer(@Param('customerId') customerId: string) {
    return this.db.select(`SELECT id, number, total_cents FROM invoices WHERE customer_id = '${customerId}'`); // expect: sql-injection
  }

  @Get('count')
  async count(@Query('status') status = 'open') {
    const rows = await this.db.select<{ n: number }>('SELECT count(*)::int AS n FROM invoices WHERE status = $1', [status]);
    return { status, count: rows[0]?.n ?? 0 };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.invoices.get(id);
  }
}
