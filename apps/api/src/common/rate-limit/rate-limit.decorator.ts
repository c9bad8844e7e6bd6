import { SetMetadata } from '@nestjs/common';

export type RatePolicy = 'default' | 'login' | 'public' | 'api-key' | 'webhook';
export const RATE_POLICY_KEY = 'hotleads:rate-policy';

// Picks the named budget a route draws from; without it, staff use `default` and API keys `api-key`.
export const RateLimit = (policy: RatePolicy) => SetMetadata(RATE_POLICY_KEY, policy);
