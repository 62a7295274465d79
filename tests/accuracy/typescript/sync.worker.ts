import { Worker, type Job } from 'bullmq';
import { Client } from 'pg';
import { createHash } from 'node:crypto';
import { logger } from './logger';

interface SyncJob {
  tenantId: string;
  since?: string;
  table: 'customers' | 'orders';
}

const CRM_URL = process.env.CRM_URL ?? 'https://crm.example.com/api';
const SYNC_TABLES = { customers: 'crm_customers', orders: 'crm_orders' } as const;
const requestOptions = (): RequestInit => ({ headers: { accept: 'application/json' }, signal: AbortSignal.timeout(8_000) });
const tokenUrl = 'https://crm.example.com/oauth/token';
const tokenType = 'Bearer';
const clientId = 'orders-sync';
const apiKeyHeader = 'x-crm-key';

const db = new Client({ connectionString: process.env.DATABASE_URL });

async function crmToken(): Promise<string> {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      // expect: secret
      client_secret: 'Tz4Kq9Wm2Xr7Lv3Nb8Pc1Hd6Fy5Gj0Ea',
    }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

async function fetchPage(path: string, token: string): Promise<unknown[]> {
  const options = requestOptions();
  const res = await fetch(`${CRM_URL}${path}`, {
    ...options,
    headers: { ...options.headers, authorization: `${tokenType} ${token}` },
  });
  if (!res.ok) throw new Error(`crm answered ${res.status} for ${path}`);
  return (await res.json()) as unknown[];
}

async function upsert(table: keyof typeof SYNC_TABLES, rows: { id: string; payload: unknown }[]): Promise<void> {
  const target = SYNC_TABLES[table];
  for (const row of rows) {
    await db.query(`INSERT INTO ${target} (id, payload) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET payload = $2`, [
      row.id,
      JSON.stringify(row.payload),
    ]);
  }
}

async function deleteMissing(table: string, keepIds: string[]): Promise<number> {
  const ids = keepIds.map((id) => `'${id}'`).join(', ');
  const statement = `DELETE FROM ${table} WHERE id NOT IN (${ids})`;
  // expect: sql-injection
  const result = await db.query(statement);
  return result.rowCount ?? 0;
}

async function checksum(table: keyof typeof SYNC_TABLES): Promise<string> {
  const { rows } = await db.query(`SELECT id FROM ${SYNC_TABLES[table]} ORDER BY id`);
  return createHash('sha256').update(rows.map((r) => r.id).join(',')).digest('hex');
}

async function runSync(job: Job<SyncJob>): Promise<{ synced: number }> {
  const token = await crmToken();
  const since = job.data.since ?? '1970-01-01';
  const rows = (await fetchPage(`/${job.data.table}?tenant=${job.data.tenantId}&since=${since}`, token)) as {
    id: string;
    payload: unknown;
  }[];
  await upsert(job.data.table, rows);
  await job.updateProgress(100);
  return { synced: rows.length };
}

export const worker = new Worker<SyncJob>('crm-sync', runSync, {
  connection: { host: process.env.REDIS_HOST ?? 'localhost', port: 6379 },
});

worker.on('failed', (job, err) => {
  logger.error(`sync job ${job?.id} failed`, { err });
});

worker.on('completed', async (job) => {
  try {
    await db.query('UPDATE sync_state SET last_run = now() WHERE tenant_id = $1', [job.data.tenantId]);
  } catch (err) {
    logger.warn('could not record sync state', { err });
  }
});

export async function start(): Promise<void> {
  await db.connect();
  // expect: error-handling
  db.query('SET statement_timeout = 30000');
  logger.info('crm sync worker started');
}

export async function stop(): Promise<void> {
  await worker.close();
  await db.end();
}

export async function reconcile(tables: (keyof typeof SYNC_TABLES)[]): Promise<Record<string, string>> {
  const sums = await Promise.all(tables.map((t) => checksum(t)));
  return Object.fromEntries(tables.map((t, i) => [t, sums[i]]));
}

export function reconcileInBackground(tables: (keyof typeof SYNC_TABLES)[]): void {
  reconcile(tables)
    .then((sums) => logger.info('reconciled', sums))
    .catch((err) => logger.error('reconcile failed', { err }));
}

export async function legacyExport(path: string): Promise<unknown> {
  // Node's own fetch: it gives up after 300 s, so not a call that can wait forever
  const res = await fetch(`https://legacy-crm.example.com${path}`, { headers: { [apiKeyHeader]: process.env.LEGACY_CRM_KEY ?? '' } });
  return res.json();
}

export { deleteMissing };
