import { Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, normalizeIp, type ThrottlerModuleOptions, type ThrottlerOptions, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_KEY_LOOKUP_LENGTH, type Credential } from '../auth/credential';
import type { Principal } from '../auth/principal';
import { canonicalUuid } from '../db/uuid';
import { RATE_POLICY_KEY, type RatePolicy } from './rate-limit.decorator';
import { RateLimitedException } from './rate-limited.exception';
import { Metrics } from '../metrics/metrics.service';
import { clientAddressOf } from '../http/client-address';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// The route budgets, plus `auth-failure`: credentials that failed verification, counted per caller address.
export type RateBudget = RatePolicy | 'auth-failure';

const KEY_NAMESPACE = 'hotleads:rl';
const STORAGE_WARNING_INTERVAL_MS = 60_000;

// The caller's address (IPv6 per /64, as one host usually holds a whole /64).
export const clientOf = (request: FastifyRequest) => `ip:${normalizeIp(clientAddressOf(request))}`;

// What a per-route budget is about: the route as declared (never the path the client typed) and its
// path ids in their canonical spelling. Anything that is no UUID finds nothing, so all such ids share
// one budget (`-`): neither letter case nor junk ids buy a fresh budget.
export function routeScopeOf(request: FastifyRequest): string {
  const params = Object.values((request.params ?? {}) as Record<string, unknown>).map((value) => canonicalUuid(value) ?? '-');
  return [request.routeOptions.url ?? '-', ...params].join(':');
}

// Whose budget a route's declared policy draws from: `public` per address and per route and path id (one
// budget per form, whatever the spelling of its id); `webhook` per route and connection id only (one
// budget per connection, whichever addresses a scheduler sends from); the others per address.
function subjectOf(policy: RatePolicy, request: FastifyRequest): string {
  if (policy === 'public') return `${routeScopeOf(request)}:${clientOf(request)}`;
  if (policy === 'webhook') return routeScopeOf(request);
  return clientOf(request);
}

// Draws hits from the named budgets (rate-limit.module.ts) and answers 429 once one is spent. Used by
// the rate-limit guard before authentication and by the auth guard after it (see credentialChecked).
// When the limit store (Redis) fails, requests pass: an outage of the limiter must not take the API,
// health checks included, down with it.
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimits');
  private readonly budgets: Map<string, ThrottlerOptions>;
  private lastStorageWarning = 0;
  // Requests already charged to their route's budget (chargeRoute).
  private readonly routeCharged = new WeakSet<FastifyRequest>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly reflector: Reflector,
    private readonly metrics: Metrics,
  ) {
    const throttlers = Array.isArray(options) ? options : options.throttlers;
    this.budgets = new Map(throttlers.map((t) => [t.name ?? 'default', t]));
  }

  // One hit on `budget` for `subject`; throws 429 once the budget is spent.
  async charge(reply: FastifyReply, budget: RateBudget, subject: string): Promise<void> {
    const hit = await this.hit(reply, budget, subject);
    if (hit?.isBlocked) {
      this.metrics.rateLimitRejected();
      throw new RateLimitedException(Math.max(1, hit.timeToBlockExpire));
    }
  }

  // One hit on the budget of the route's declared policy, at most once per request: the webhook route's
  // fast path (webhook-http.service.ts) charges it below Nest, and the guard then finds it done when the
  // request goes on to the controller.
  async chargeRoute(request: FastifyRequest, reply: FastifyReply, policy: RatePolicy): Promise<void> {
    if (this.routeCharged.has(request)) return;
    this.routeCharged.add(request);
    await this.charge(reply, policy, subjectOf(policy, request));
  }

  // Counts the hit (keys readable and namespaced, so a shared Redis shows whose budget a key is and
  // nothing else collides) and sets the plain X-RateLimit-* headers; null when the store did not answer.
  private async hit(reply: FastifyReply, budget: RateBudget, subject: string): Promise<(ThrottlerRecord & { limit: number }) | null> {
    const options = this.budgets.get(budget);
    if (!options) return null;
    const limit = options.limit as number;
    const ttl = options.ttl as number;
    const blockDuration = (options.blockDuration as number | undefined) ?? ttl;
    const record = await this.storage.increment(`${KEY_NAMESPACE}:${budget}:${subject}`, ttl, limit, blockDuration, budget).catch((error: unknown) => {
      this.warnStorageFailure(error);
      return null;
    });
    if (!record) return null;
    reply.header('X-RateLimit-Limit', limit);
    reply.header('X-RateLimit-Remaining', Math.max(0, limit - record.totalHits));
    reply.header('X-RateLimit-Reset', record.isBlocked ? record.timeToBlockExpire : record.timeToExpire);
    return { ...record, limit };
  }

  // The route's own @RateLimit policy, if it declares one.
  declaredPolicy(context: ExecutionContext): RatePolicy | undefined {
    return this.reflector.getAllAndOverride<RatePolicy | undefined>(RATE_POLICY_KEY, [context.getHandler(), context.getClass()]);
  }

  // Called by the auth guard once it has checked a credential. A verified API key draws from its own
  // budget, found by its id rather than by any text the client sent. A credential that failed draws from
  // the caller's address (`auth-failure`), never from the key it names: knowing a key's public prefix
  // must not be enough to lock the key out. Each address's failures are logged at most twice a window
  // (the first, and the one that spends the budget), so a flood cannot flood the log.
  async credentialChecked(context: ExecutionContext, credential: Credential, principal: Principal | null): Promise<void> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (principal) {
      if (principal.kind === 'api_key' && !this.declaredPolicy(context)) await this.charge(reply, 'api-key', `key:${principal.apiKeyId}`);
      return;
    }
    const client = clientOf(request);
    const hit = await this.hit(reply, 'auth-failure', client);
    if (!hit) return;
    // An API key's public prefix says which key was tried; its secret part never reaches the log.
    const fields = { client, credential: credential.kind, prefix: credential.kind === 'api_key' ? credential.value.slice(0, API_KEY_LOOKUP_LENGTH) : undefined };
    if (hit.totalHits === 1) this.logger.warn(fields, 'rejected credential');
    if (hit.totalHits === hit.limit + 1) this.logger.warn(fields, `more than ${hit.limit} rejected credentials a minute from this address; refusing them with 429`);
    if (hit.isBlocked) {
      this.metrics.rateLimitRejected();
      throw new RateLimitedException(Math.max(1, hit.timeToBlockExpire));
    }
  }

  private warnStorageFailure(error: unknown): void {
    const now = Date.now();
    if (now - this.lastStorageWarning < STORAGE_WARNING_INTERVAL_MS) return;
    this.lastStorageWarning = now;
    this.logger.warn({ err: error }, 'rate limit storage failed; letting requests through until it answers');
  }
}
