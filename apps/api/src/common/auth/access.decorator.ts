import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@hotleads/shared';

export const ACCESS_KEY = 'hotleads:access';

export interface AccessRule {
  public?: boolean;
  permission?: Permission;
  // Routes about a person's own account (sessions, password, MFA) refuse API keys.
  staffOnly?: boolean;
}

// Every route says who may call it; the AuthGuard refuses a route that says nothing.
export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

export const Authenticated = (rule: Omit<AccessRule, 'public'> = {}) => SetMetadata(ACCESS_KEY, rule);
