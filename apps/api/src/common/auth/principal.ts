import type { Permission } from '@hotleads/shared';

export interface UserPrincipal {
  kind: 'user';
  tenantId: string;
  userId: string;
  sessionId: string;
  email: string;
  roleId: string;
  permissions: readonly Permission[];
  // Expiry of the access token that authenticated this request.
  tokenExpiresAt: Date;
}

export interface ApiKeyPrincipal {
  kind: 'api_key';
  tenantId: string;
  apiKeyId: string;
  name: string;
  permissions: readonly Permission[];
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
