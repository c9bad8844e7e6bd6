import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, requestedUrl } from '@/testing/http';
import { getAccessToken } from './access-token';
import { api } from './api-client';
import { getSession, refreshSession, resetSession, startSession } from './session';

const user = {
  id: 'u1',
  email: 'a@example.test',
  name: 'A',
  roleId: 'r1',
  roleName: 'Agent',
  mfaEnabled: false,
  permissions: ['leads:read' as const],
};
const me = { user, tenant: { id: 't1', name: 'Acme', settings: { requireMfa: false } } };

describe('the API client with a session', () => {
  it('gets a new access token once on a 401 and retries the request with it', async () => {
    resetSession();
    const seen: Array<[string, string | null]> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request) => {
        const path = new URL(requestedUrl(input)).pathname;
        seen.push([path, input.headers.get('authorization')]);
        if (path === '/api/v1/auth/me') return jsonResponse(me);
        if (path === '/api/v1/auth/refresh') return jsonResponse({ accessToken: 'fresh', expiresIn: 900, tokenType: 'Bearer', user });
        if (input.headers.get('authorization') === 'Bearer stale') return jsonResponse({ code: 'unauthenticated' }, 401);
        return jsonResponse({ data: [], nextCursor: null });
      }),
    );
    await startSession({ accessToken: 'stale', expiresIn: 900 });

    const { data } = await api.GET('/api/v1/audit-logs');

    expect(data).toEqual({ data: [], nextCursor: null });
    expect(seen.slice(1)).toEqual([
      ['/api/v1/audit-logs', 'Bearer stale'],
      ['/api/v1/auth/refresh', null],
      ['/api/v1/audit-logs', 'Bearer fresh'],
    ]);
    expect(getAccessToken()).toBe('fresh');
  });

  it('shares one refresh between concurrent callers and ends the session when the refresh is refused', async () => {
    resetSession();
    localStorage.setItem('hotleads-has-session', '1');
    let refreshes = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        refreshes += 1;
        return jsonResponse({ code: 'unauthenticated' }, 401);
      }),
    );

    const results = await Promise.all([refreshSession(), refreshSession(), refreshSession()]);

    expect(results).toEqual([undefined, undefined, undefined]);
    expect(refreshes).toBe(1);
    expect(getSession()).toEqual({ status: 'signed-out', expired: false });
    expect(localStorage.getItem('hotleads-has-session')).toBeNull();
  });
});
