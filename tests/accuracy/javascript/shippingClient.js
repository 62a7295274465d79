'use strict';

const axios = require('axios');
const logger = require('./logger');

const CARRIER_BASE_URL = process.env.CARRIER_BASE_URL || 'https://api.carrier.example.com';
const REQUEST_TIMEOUT_MS = Number(process.env.REQUEST_TIMEOUT_MS || 5000);

const carrier = axios.create({
  baseURL: CARRIER_BASE_URL,
  timeout: REQUEST_TIMEOUT_MS,
  headers: { Authorization: `Bearer ${process.env.CARRIER_TOKEN}` },
});

class ShippingClient {
  constructor(http = carrier) {
    this.http = http;
  }

  async quote(parcel) {
    const { data } = await this.http.post('/quotes', parcel);
    return data;
  }

  async label(shipmentId) {
    const response = await this.http.get(`/shipments/${shipmentId}/label`, { responseType: 'arraybuffer' });
    return Buffer.from(response.data);
  }

  async track(trackingNumber) {
    // expect: error-handling
    const { data } = await axios.get(`${CARRIER_BASE_URL}/tracking/${trackingNumber}`);
    return data.events;
  }

  async cancel(shipmentId) {
    const { data } = await axios.post(`${CARRIER_BASE_URL}/shipments/${shipmentId}/cancel`, null, {
      timeout: 3000,
    });
    return data;
  }
}

async function fetchRates(currency) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const res = await fetch(`https://rates.example.com/latest?base=${currency}`, { signal: controller.signal });
    if (!res.ok) throw new Error(`rates service answered ${res.status}`);
    return await res.json();
  } finally {
    clearTimeout(timer);
  }
}

async function fetchHolidays(country) {
  const res = await fetch(`https://holidays.example.com/${country}`, { signal: AbortSignal.timeout(4000) });
  return res.json();
}

async function fetchServiceStatus() {
  // Node's own fetch: it gives up after 300 s, so not a call that can wait forever
  const res = await fetch('https://status.carrier.example.com/api/v2/status.json');
  return res.json();
}

function pingWebhook(url, payload) {
  // expect: error-handling
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

function reportDelivery(orderId, status) {
  return carrier.post('/deliveries', { orderId, status });
}

function warmUp() {
  // expect: error-handling
  reportDelivery('warmup', 'noop');
}

function refreshRates(cache) {
  // expect: error-handling
  fetchRates('EUR').then((rates) => {
    cache.set('rates', rates);
  });
}

function refreshHolidays(cache) {
  fetchHolidays('DE')
    .then((days) => cache.set('holidays', days))
    .catch((err) => logger.warn('holiday refresh failed', { err }));
}

function refreshStatus(cache) {
  fetchServiceStatus().then(
    (status) => cache.set('status', status),
    (err) => logger.warn('status refresh failed', { err }),
  );
}

async function notifyAll(urls, payload) {
  const results = await Promise.allSettled(
    urls.map((url) => fetch(url, { method: 'POST', body: JSON.stringify(payload), signal: AbortSignal.timeout(2000) })),
  );
  return results.filter((r) => r.status === 'rejected').length;
}

function parseCarrierDate(value) {
  try {
    return new Date(value).toISOString();
  } catch (err) {
    logger.debug('unparseable carrier date', { value });
    return null;
  }
}

function safeJson(text) {
  try {
    return JSON.parse(text);
    // expect: error-handling
  } catch {}
  return undefined;
}

async function labelsFor(client, shipmentIds) {
  const labels = [];
  for (const id of shipmentIds) {
    labels.push(await client.label(id));
  }
  return labels;
}

function scheduleRetry(shipmentId, client) {
  setTimeout(() => {
    client.cancel(shipmentId).catch((err) => logger.error('retry cancel failed', { err, shipmentId }));
  }, 1000);
}

function prefetchLabel(shipmentId) {
  // Node's own fetch: it gives up after 300 s, so not a call that can wait forever
  fetch(`${CARRIER_BASE_URL}/labels/${shipmentId}`)
    .then((r) => r.arrayBuffer())
    .catch((err) => logger.warn('label prefetch failed', { err, shipmentId }));
}

const legacyCarrier = {
  // expect: error-handling
  lookup: (code) => axios.get(`https://legacy.carrier.example.com/lookup/${code}`).then((r) => r.data),
};

module.exports = {
  ShippingClient,
  fetchRates,
  fetchHolidays,
  refreshRates,
  refreshHolidays,
  refreshStatus,
  notifyAll,
  parseCarrierDate,
  safeJson,
  labelsFor,
  scheduleRetry,
  pingWebhook,
  warmUp,
  legacyCarrier,
  prefetchLabel,
};
