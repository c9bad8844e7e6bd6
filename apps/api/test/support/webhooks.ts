import { createHmac } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { tenantSql } from './tenant-sql';

// Written from the provider references, not from our code, so a test can catch our code getting them wrong.
export function acuitySignature(apiKey: string, body: Buffer | string): string {
  return createHmac('sha256', apiKey).update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body).digest('base64');
}

export interface DeliveryRow {
  id: string;
  state: string;
  attempts: number;
  last_error: string | null;
  lead_id: string | null;
  signature: string;
  dedupe_key: string | null;
  result: Record<string, unknown> | null;
  body: Buffer | null;
}

export function deliveriesOf(app: NestFastifyApplication, tenantId: string, connectionId: string): Promise<DeliveryRow[]> {
  return tenantSql<DeliveryRow>(app, tenantId, `select * from webhook_deliveries where connection_id = $1 order by received_at, id`, [connectionId]);
}

// Polls until the delivery reaches one of the states (the processing job runs in the background).
export async function waitForDelivery(app: NestFastifyApplication, tenantId: string, deliveryId: string, states: string[], timeoutMs = 20_000): Promise<DeliveryRow> {
  const deadline = Date.now() + timeoutMs;
  let last: DeliveryRow | undefined;
  while (Date.now() < deadline) {
    [last] = await tenantSql<DeliveryRow>(app, tenantId, `select * from webhook_deliveries where id = $1`, [deliveryId]);
    if (last && states.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`delivery ${deliveryId} did not reach ${states.join('|')} in ${timeoutMs} ms; last seen ${JSON.stringify(last && { state: last.state, attempts: last.attempts, last_error: last.last_error })}`);
}
