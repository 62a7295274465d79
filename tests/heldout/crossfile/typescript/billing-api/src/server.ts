import express, { NextFunction, Request, Response } from 'express';
import { InvoiceController } from './controllers/invoiceController';
import { InvoiceRepository } from './repositories/invoiceRepository';
import { InvoiceService } from './services/invoiceService';

const app = express();
app.use(express.json());

const controller = new InvoiceController(new InvoiceService(new InvoiceRepository()));

app.get('/invoices', controller.search);
app.get('/invoices/recent', controller.recent);
app.get('/invoices/currencies', controller.currencies);
app.get('/invoices/overdue', controller.overdue);
app.get('/invoices/filter', controller.filter);
app.get('/invoices/revenue', controller.revenue);
app.get('/invoices/batch', controller.byIds);
app.get('/invoices/:id', controller.getById);
app.post('/invoices/:id/pay', controller.markPaid);
app.delete('/invoices/drafts/:number', controller.removeDraft);
app.get('/customers/:customerId/invoices', controller.listForCustomer);
app.get('/customers/:customerId/unpaid', controller.unpaid);

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

const port = Number(process.env.PORT) || 8080;
app.listen(port, () => {
  console.log(`billing-api listening on ${port}`);
});
