import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { RATE_POLICY_KEY, type RatePolicy } from './rate-limit.decorator';

// Each request draws from one named budget: the route's @RateLimit policy, else `api-key` for API keys
// and `default` for everyone else. API keys are counted per key, everything else per client IP.
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const request = props.context.switchToHttp().getRequest<FastifyRequest>();
    const declared = this.reflector.getAllAndOverride<RatePolicy | undefined>(RATE_POLICY_KEY, [
      props.context.getHandler(),
      props.context.getClass(),
    ]);
    const policy = declared ?? (request.principal?.kind === 'api_key' ? 'api-key' : 'default');
    if (props.throttler.name !== policy) return true;
    return super.handleRequest(props);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as FastifyRequest;
    return request.principal?.kind === 'api_key' ? `key:${request.principal.apiKeyId}` : `ip:${request.ip}`;
  }
}
