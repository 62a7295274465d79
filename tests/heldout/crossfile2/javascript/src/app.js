import Fastify from 'fastify';
import * as db from './db.js';
import { ProductRepository } from './repositories/productRepository.js';
import { ProductService } from './services/productService.js';
import { registerProductRoutes } from './routes/products.js';

const app = Fastify({ logger: true });

const repo = new ProductRepository(db);
const service = new ProductService(repo);
registerProductRoutes(app, service);

app.addHook('onClose', async () => {
  await db.close();
});

const port = Number(process.env.PORT ?? 3000);
app.listen({ port, host: '0.0.0.0' }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
