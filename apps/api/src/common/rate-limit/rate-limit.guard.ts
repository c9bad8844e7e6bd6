import { Injectable, type ExecutionContext } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
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
// `public`, which is per route and path (one budget per form).
//
// handleRequest is ours rather than ThrottlerGuard's because the library names its headers after the
// throttler (`X-RateLimit-Limit-api-key`, `Retry-After-login`); clients get the plain names for the one
// budget the request used (library options this app does not set, like ignoreUserAgents, are not
// honoured here). And when the limit store (Redis) fails, requests pass: an outage of the
// limiter must not take the API, health checks included, down with it.
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private lastStorageWarning = 0;

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = props;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const policy = this.policyFor(context, request);
    if (throttler.name !== policy) return true;

    const tracker = await getTracker(request as unknown as Record<string, unknown>, context);
    const key = generateKey(context, tracker, policy);
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
    if (policy !== 'public') return `${KEY_NAMESPACE}:${policy}:${tracker}`;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return `${KEY_NAMESPACE}:${policy}:${request.url.split('?')[0]}:${tracker}`;
  }

  private warnStorageFailure(error: unknown): void {
    const now = Date.now();
    if (now - this.lastStorageWarning < STORAGE_WARNING_INTERVAL_MS) return;
    this.lastStorageWarning = now;
    this.logger.warn({ err: error }, 'rate limit storage failed; letting requests through until it answers');
  }
}
