import { Injectable, type ExecutionContext } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard, type ThrottlerOptions } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_KEY_LOOKUP_LENGTH, credentialOf } from '../auth/credential';
import { RATE_POLICY_KEY, type RatePolicy } from './rate-limit.decorator';
import { RateLimitedException } from './rate-limited.exception';

const KEY_NAMESPACE = 'hotleads:rl';
const STORAGE_WARNING_INTERVAL_MS = 60_000;

// Each request draws from one named budget: the route's @RateLimit policy, else `api-key` for requests
// carrying an API key and `default` for everyone else. It runs before authentication, so rejected
// credentials count too. API keys are counted per key (by their public prefix), everything else per
// client IP (IPv6 per /64, as one host usually holds a whole /64). A budget covers all routes, except
// `public`, which is per route and path (one budget per form), and `webhook`, per path only (one budget per
// connection, whichever IPs a scheduler sends from).
//
// canActivate is ours rather than ThrottlerGuard's: the library walks every throttler with five metadata
// look-ups each on every request, and names its headers after the throttler (`X-RateLimit-Limit-api-key`,
// `Retry-After-login`); here a request touches only its one budget and clients get the plain header
// names (library options this app does not use, like @Throttle, @SkipThrottle or ignoreUserAgents, are
// not honoured). And when the limit store (Redis) fails, requests pass: an outage of the limiter must not
// take the API, health checks included, down with it.
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private lastStorageWarning = 0;
  private budgets?: Map<string, ThrottlerOptions>;

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const policy = this.policyFor(context, request);
    const budget = this.budgetNamed(policy);
    if (!budget) return true;
    const limit = budget.limit as number;
    const ttl = budget.ttl as number;
    const blockDuration = (budget.blockDuration as number | undefined) ?? ttl;

    const key = this.generateKey(context, await this.getTracker(request as unknown as Record<string, unknown>), policy);
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, policy).catch((error: unknown) => {
      this.warnStorageFailure(error);
      return null;
    });
    if (!record) return true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    reply.header('X-RateLimit-Limit', limit);
    reply.header('X-RateLimit-Remaining', Math.max(0, limit - record.totalHits));
    reply.header('X-RateLimit-Reset', record.isBlocked ? record.timeToBlockExpire : record.timeToExpire);
    if (record.isBlocked) throw new RateLimitedException(Math.max(1, record.timeToBlockExpire));
    return true;
  }

  // The budgets are plain numbers from the config (rate-limit.module.ts), resolved once.
  private budgetNamed(policy: RatePolicy): ThrottlerOptions | undefined {
    this.budgets ??= new Map(this.throttlers.map((t) => [t.name ?? 'default', t]));
    return this.budgets.get(policy);
  }

  private policyFor(context: ExecutionContext, request: FastifyRequest): RatePolicy {
    const declared = this.reflector.getAllAndOverride<RatePolicy | undefined>(RATE_POLICY_KEY, [context.getHandler(), context.getClass()]);
    return declared ?? (credentialOf(request)?.kind === 'api_key' ? 'api-key' : 'default');
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as FastifyRequest;
    const credential = credentialOf(request);
    return credential?.kind === 'api_key' ? `key:${credential.value.slice(0, API_KEY_LOOKUP_LENGTH)}` : `ip:${normalizeIp(request.ip)}`;
  }

  // Readable and namespaced, so a shared Redis shows whose budget a key is and nothing else collides.
  protected override generateKey(context: ExecutionContext, tracker: string, policy: string): string {
    if (policy !== 'public' && policy !== 'webhook') return `${KEY_NAMESPACE}:${policy}:${tracker}`;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // A webhook budget belongs to the connection in the path, whoever sends.
    if (policy === 'webhook') return `${KEY_NAMESPACE}:${policy}:${request.url.split('?')[0]}`;
    return `${KEY_NAMESPACE}:${policy}:${request.url.split('?')[0]}:${tracker}`;
  }

  private warnStorageFailure(error: unknown): void {
    const now = Date.now();
    if (now - this.lastStorageWarning < STORAGE_WARNING_INTERVAL_MS) return;
    this.lastStorageWarning = now;
    this.logger.warn({ err: error }, 'rate limit storage failed; letting requests through until it answers');
  }
}
