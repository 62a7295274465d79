import { NextFunction, Request, Response } from 'express';
import { runSql, runSqlWithParams } from '../db/connection';
import { InvoiceService } from '../services/invoiceService';
import { buildInvoiceById, buildInvoiceSearch } from '../sql/invoiceQueries';

export class InvoiceController {
  constructor(private readonly service: InvoiceService) {}

  listForCustomer = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const rows = await runSql('SELECT id, number, amount, status FROM invoices WHERE customer_id = ' + req.params.customerId); // expect: sql-injection
      res.json(rows);
    } catch (err) {
      next(err);
    }
  };

  search = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const term = String(req.query.q ?? '');
      const rows = await runSql(buildInvoiceSearch(term)); // expect: sql-injection
      res.json(rows);
    } catch (err) {
      next(err);
    }
  };

  getById = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const rows = await runSqlWithParams(buildInvoiceById(), [req.params.id]);
      if (rows.length === 0) {
        res.status(404).json({ error: 'not found' });
        return;
      }
      res.json(rows[0]);
    } catch (err) {
      next(err);
    }
  };

  recent = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const parsed = Number.parseInt(String(req.query.limit ?? '50'), 10);
      const limit = Number.isNaN(parsed) ? 50 : Math.min(Math.max(parsed, 1), 200);
      const rows = await runSql(`SELECT id, number, amount FROM invoices ORDER BY created_at DESC LIMIT ${limit}`);
      res.json(rows);
    } catch (err) {
      next(err);
    }
  };

  currencies = async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.json(await runSql('SELECT DISTINCT currency FROM invoices ORDER BY currency'));
    } catch (err) {
      next(err);
    }
  };

  overdue = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.json(await this.service.overdueFor(String(req.query.currency ?? 'EUR')));
    } catch (err) {
      next(err);
    }
  };

  filter = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const rows = await this.service.filter({
        status: req.query.status as string | undefined,
        customerId: req.query.customerId as string | undefined,
      });
      res.json(rows);
    } catch (err) {
      next(err);
    }
  };

  revenue = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.json(await this.service.revenueReport(String(req.query.groupBy ?? 'currency')));
    } catch (err) {
      next(err);
    }
  };

  byIds = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const ids = String(req.query.ids ?? '')
        .split(',')
        .map((s) => Number.parseInt(s, 10))
        .filter((n) => !Number.isNaN(n));
      res.json(await this.service.byIds(ids));
    } catch (err) {
      next(err);
    }
  };

  unpaid = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const currency = req.query.currency as string | undefined;
      res.json(await this.service.unpaidForCustomer(req.params.customerId, currency));
    } catch (err) {
      next(err);
    }
  };

  removeDraft = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const deleted = await this.service.removeDraft(req.params.number);
      res.json({ deleted });
    } catch (err) {
      next(err);
    }
  };

  markPaid = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const updated = await this.service.markPaid(Number(req.params.id));
      res.json({ updated });
    } catch (err) {
      next(err);
    }
  };
}
