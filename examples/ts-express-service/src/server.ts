import express from 'express';
import { loadConfig } from './config';
import { getInvoice, listInvoices, markPaid, sendInvoice } from './invoices';
import { mailerHealthy } from './mailer';

const config = loadConfig();
const app = express();
app.use(express.json());

app.get('/invoices', listInvoices);
app.get('/invoices/:id', getInvoice);
app.post('/invoices/:id/paid', markPaid);
app.post('/invoices/:id/send', (req, res, next) => {
  sendInvoice(req, res).catch(next);
});
app.get('/healthz', async (_req, res) => {
  res.json({ mailer: await mailerHealthy() });
});

app.listen(config.port, () => console.log(`billing service on :${config.port}`));
