import { loadConfig } from './config';

const config = loadConfig();

export async function sendInvoiceEmail(to: string, invoiceId: number): Promise<void> {
  const res = await fetch(`${config.mailerUrl}/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.mailerToken}` },
    body: JSON.stringify({ to, template: 'invoice', invoiceId }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`mailer answered ${res.status}`);
}

export async function mailerHealthy(): Promise<boolean> {
  try {
    const res = await fetch(`${config.mailerUrl}/healthz`);
    return res.ok;
  } catch {
    return false;
  }
}
