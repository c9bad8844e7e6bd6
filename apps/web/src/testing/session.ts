import type { Schemas } from '@hotleads/api-client';
import { PERMISSIONS, type Permission } from '@hotleads/shared';
import { vi } from 'vitest';
import { jsonResponse, requestedUrl } from './http';

export const testUser = (permissions: readonly Permission[] = PERMISSIONS): Schemas['AuthUserDto'] => ({
  id: '00000000-0000-4000-8000-000000000001',
  email: 'owner@example.test',
  name: 'Olivia Owner',
  roleId: '00000000-0000-4000-8000-000000000002',
  roleName: 'Owner',
  mfaEnabled: false,
  away: false,
  permissions: [...permissions],
});

// Makes the page look like one with a refresh cookie: the API's refresh, /auth/me and live-events answers
// come from here; every other request goes to the fetch the test installed (or installs later).
export function signedInFetch(user: Schemas['AuthUserDto'], settings: Partial<Schemas['TenantSettingsDto']> = {}): void {
  localStorage.setItem('hotleads-has-session', '1');
  const testFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(requestedUrl(input), document.baseURI).pathname;
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    if (path === '/api/v1/auth/refresh') {
      return jsonResponse({ accessToken: 'test-access-token', tokenType: 'Bearer', expiresIn: 900, user });
    }
    // Only the read: a change of the own profile (PATCH) goes to the test's fetch.
    if (path === '/api/v1/auth/me' && method === 'GET') {
      return jsonResponse({ user, tenant: { id: '00000000-0000-4000-8000-000000000003', name: 'Acme Sales', settings: { requireMfa: false, phoneCountry: null, ...settings } } });
    }
    // No live stream in component tests: the app falls back to polling, as when the stream is unavailable.
    if (path === '/api/v1/events') return new Response(null, { status: 503 });
    return testFetch(input, init);
  });
}
