import { Body, Controller, Headers, HttpCode, Logger, Post, UnauthorizedException } from '@nestjs/common';
import axios, { AxiosInstance } from 'axios';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EventBus } from './event-bus';
import { OrdersService } from './orders.service';

interface PaymentEvent {
  id: string;
  type: 'payment.succeeded' | 'payment.failed' | 'refund.created';
  data: { orderId: string; amountCents: number };
}

const FULFILMENT_URL = process.env.FULFILMENT_URL ?? 'http://fulfilment.internal';

@Controller('webhooks')
export class WebhooksController {
  private readonly logger = new Logger(WebhooksController.name);
  private readonly fulfilment: AxiosInstance = axios.create({ baseURL: FULFILMENT_URL, timeout: 5_000 });

  constructor(
    private readonly orders: OrdersService,
    private readonly events: EventBus,
  ) {}

  @Post('payments')
  @HttpCode(200)
  async payments(@Body() event: PaymentEvent, @Headers('x-signature') signature: string): Promise<{ ok: true }> {
    this.verify(JSON.stringify(event), signature);
    switch (event.type) {
      case 'payment.succeeded':
        await this.orders.markPaid(event.data.orderId);
        await this.fulfilment.post('/jobs', { orderId: event.data.orderId });
        break;
      case 'payment.failed':
        await this.orders.markFailed(event.data.orderId);
        break;
      case 'refund.created':
        void this.events.publish('refund.created', event.data);
        break;
    }
    return { ok: true };
  }

  @Post('carrier')
  @HttpCode(202)
  async carrier(@Body() body: { trackingNumber: string; status: string }): Promise<void> {
    try {
      await this.orders.updateTracking(body.trackingNumber, body.status);
    } catch (err) {
      this.logger.warn(`tracking update for ${body.trackingNumber} failed: ${(err as Error).message}`);
      throw err;
    }
    // expect: error-handling
    axios.post(`${FULFILMENT_URL}/tracking`, body).catch((err: unknown) => this.logger.error(String(err)));
  }

  @Post('inventory')
  async inventory(@Body() body: { sku: string; delta: number }): Promise<void> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), 3_000);
    try {
      const res = await fetch(`${FULFILMENT_URL}/stock/${encodeURIComponent(body.sku)}`, {
        method: 'PATCH',
        body: JSON.stringify({ delta: body.delta }),
        signal: controller.signal,
      });
      if (!res.ok) throw new Error(`stock update failed with ${res.status}`);
    } finally {
      clearTimeout(timeout);
    }
  }

  @Post('legacy')
  async legacy(@Body() body: Record<string, unknown>): Promise<void> {
    // Node's own fetch: it gives up after 300 s, so not a call that can wait forever
    const res = await fetch('https://legacy-erp.example.com/api/hooks', { method: 'POST', body: JSON.stringify(body) });
    this.logger.log(`legacy erp answered ${res.status}`);
  }

  private verify(payload: string, signature: string): void {
    const secret = process.env.PAYMENTS_WEBHOOK_SECRET;
    if (!secret) throw new UnauthorizedException('webhook secret not configured');
    const expected = createHmac('sha256', secret).update(payload).digest();
    let given: Buffer;
    try {
      given = Buffer.from(signature, 'hex');
    } catch (err) {
      throw new UnauthorizedException('malformed signature');
    }
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedException('bad signature');
    }
  }
}

export async function replayFailed(orders: OrdersService, ids: string[]): Promise<void> {
  const outcomes = await Promise.allSettled(ids.map((id) => orders.retryPayment(id)));
  outcomes
    .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    .forEach((o) => console.warn('replay failed', o.reason));
}

export function replayInBackground(orders: OrdersService, ids: string[]): void {
  // expect: error-handling
  replayFailed(orders, ids);
}

export function replayLater(orders: OrdersService, ids: string[]): Promise<void> {
  return replayFailed(orders, ids);
}

export function notifyOps(message: string): void {
  // expect: error-handling
  fetch(process.env.OPS_WEBHOOK_URL!, { method: 'POST', body: JSON.stringify({ text: message }) }).then((r) => {
    if (!r.ok) console.warn(`ops webhook answered ${r.status}`);
  });
}

export async function pingAll(urls: string[]): Promise<number[]> {
  const responses = await Promise.all(urls.map((url) => fetch(url, { signal: AbortSignal.timeout(1_500) })));
  return responses.map((r) => r.status);
}

export async function processBatch(events: PaymentEvent[], handle: (e: PaymentEvent) => Promise<void>): Promise<void> {
  // expect: error-handling
  events.forEach(async (event) => {
    await handle(event);
  });
}

export function parseAmount(raw: string): number | undefined {
  try {
    const value = Number.parseInt(raw, 10);
    return Number.isNaN(value) ? undefined : value;
    // expect: error-handling
  } catch (e) {}
}
