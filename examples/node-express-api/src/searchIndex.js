'use strict';

const axios = require('axios');

const search = axios.create({
  baseURL: process.env.SEARCH_URL || 'http://localhost:7700',
  timeout: 3000,
  headers: { Authorization: `Bearer ${process.env.SEARCH_API_KEY}` },
});

async function notifySearchIndex(productId) {
  await search.post('/indexes/products/reindex', { id: productId });
}

async function fetchSupplierPrice(sku) {
  const { data } = await axios.get(`https://supplier.example.com/prices/${encodeURIComponent(sku)}`);
  return data.price_cents;
}

async function fetchExchangeRate(currency) {
  const res = await fetch(`https://rates.example.com/latest?symbols=${currency}`, {
    signal: AbortSignal.timeout(2000),
  });
  if (!res.ok) throw new Error(`rates service answered ${res.status}`);
  return (await res.json()).rates[currency];
}

function loadDisplayConfig() {
  try {
    return JSON.parse(process.env.DISPLAY_CONFIG || '{}');
  } catch (err) {}
  return {};
}

module.exports = { notifySearchIndex, fetchSupplierPrice, fetchExchangeRate, loadDisplayConfig };
