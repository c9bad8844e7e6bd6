import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { InboundWebhook } from './providers/webhook-provider';

// Route config flag of the inbound webhook route: its body reaches the handler as the raw Buffer.
export const WEBHOOK_ROUTE = 'hotleadsWebhookRoute';
// The content type the webhook route's requests are switched to, so only our raw parser reads them.
export const WEBHOOK_RAW_CONTENT_TYPE = 'application/x-hotleads-webhook-raw';
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

// The content type as the sender sent it, before the switch.
export const originalContentTypes = new WeakMap<IncomingMessage, string | undefined>();

export const isWebhookRoute = (request: FastifyRequest) =>
  (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[WEBHOOK_ROUTE] === true;

const inbound = new WeakMap<IncomingMessage, InboundWebhook>();

// The request as a provider sees it: the exact bytes received and the headers, original content type
// included. Made once per request: the fast path (webhook-http.service.ts) and the controller it hands a
// request on to see the same object, which is how the intake knows the fast path was tried.
export function inboundWebhookOf(request: FastifyRequest): InboundWebhook {
  const known = inbound.get(request.raw);
  if (known) return known;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  headers['content-type'] = originalContentTypes.get(request.raw);
  const made = { body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), headers };
  inbound.set(request.raw, made);
  return made;
}

export const InboundWebhookRequest = createParamDecorator((_data: unknown, ctx: ExecutionContext): InboundWebhook => inboundWebhookOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
