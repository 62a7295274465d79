import * as db from '../db.js';

export function registerProductRoutes(app, service) {
  app.get('/products/search', async (request) => {
    const { q, category } = request.query;
    return service.search(q, category);
  });

  app.get('/products', async (request, reply) => {
    try {
      return await service.page(request.query.limit, request.query.sort);
    } catch (err) {
      if (err instanceof RangeError) return reply.code(400).send({ error: err.message });
      throw err;
    }
  });

  app.get('/products/filter', async (request) => service.filter(request.query));

  app.get('/products/export', async (request) => service.filterSafe(request.query));

  app.get('/products/above', async (request) => service.pricedAbove(request.query.min));

  app.get('/brands/:brand/products', async (request) => service.byBrand(request.params.brand));

  app.post('/products/batch', async (request) => {
    const ids = (request.body.ids ?? []).map(Number).filter(Number.isInteger);
    return service.findMany(ids);
  });

  app.get('/products/sku/:sku', async (request, reply) => {
    const rows = await db.query(`SELECT * FROM products WHERE sku = '${request.params.sku}'`); // expect: sql-injection
    if (rows.length === 0) return reply.code(404).send({ error: 'not found' });
    return rows[0];
  });

  app.get('/products/:id', async (request, reply) => {
    const rows = await db.query('SELECT * FROM products WHERE id = ?', [request.params.id]);
    if (rows.length === 0) return reply.code(404).send({ error: 'not found' });
    return rows[0];
  });

  app.patch('/products/:id/stock', async (request, reply) => {
    const quantity = Number.parseInt(request.body.quantity, 10);
    if (!Number.isInteger(quantity) || quantity < 0) return reply.code(400).send({ error: 'bad quantity' });
    return { updated: await service.repo.updateStock(request.params.id, quantity) };
  });

  app.put('/products/:id/description', async (request) => {
    const sql = "UPDATE products SET description = '" + request.body.description + "' WHERE id = ?";
    const changed = await db.execute(sql, [request.params.id]); // expect: sql-injection
    return { updated: changed };
  });
}
