import type { Schemas } from '@hotleads/api-client';

// An ApiKeyDto as the API sends it, for component tests.
export const apiKeyDto = (overrides: Partial<Schemas['ApiKeyDto']> = {}): Schemas['ApiKeyDto'] => ({
  id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  name: 'Website backend',
  prefix: 'hl_AbCdEf123456',
  scopes: ['leads:read', 'leads:write'],
  status: 'active',
  createdAt: '2026-04-01T09:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  createdBy: '00000000-0000-4000-8000-000000000001',
  ...overrides,
});
