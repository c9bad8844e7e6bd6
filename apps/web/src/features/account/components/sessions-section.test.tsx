import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const session = (id: string, userAgent: string, current: boolean, lastUsedAt: string) => ({
  id,
  ip: `10.0.0.${id.length}`,
  userAgent,
  createdAt: '2026-03-01T08:00:00.000Z',
  lastUsedAt,
  mfa: false,
  current,
});

// GET /auth/sessions answers `lists` in turn (the last one again after that); DELETEs are recorded.
function sessionsApi(...lists: object[][]) {
  const deleted: string[] = [];
  let reads = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const request = input as Request;
    const path = new URL(requestedUrl(input)).pathname;
    if (path === '/api/v1/auth/sessions') return jsonResponse(lists[Math.min(reads++, lists.length - 1)]);
    const match = path.match(/^\/api\/v1\/auth\/sessions\/(.+)$/);
    if (match && request.method === 'DELETE') {
      deleted.push(match[1]!);
      return new Response(null, { status: 204 });
    }
    throw new Error(`unexpected ${request.method} ${path}`);
  });
  return deleted;
}

const viewer = testUser(['leads:read']);

describe('Sessions on the account page', { timeout: 20_000 }, () => {
  it('lists this device first, marked, without a sign-out button of its own', async () => {
    sessionsApi([
      session('older', FIREFOX_WINDOWS, false, '2026-03-01T09:00:00.000Z'),
      session('this', CHROME_LINUX, true, '2026-03-01T10:00:00.000Z'),
      session('phone', SAFARI_IPHONE, false, '2026-03-01T11:00:00.000Z'),
    ]);
    renderApp('/account', { user: viewer });

    const list = await screen.findByRole('list', { name: 'Active sessions' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual(['Chrome on Linux (this device)', 'Safari on iOS', 'Firefox on Windows']);
    expect(within(items[0]!).getByText('This device')).toBeInTheDocument();
    expect(within(items[0]!).queryByRole('button', { name: /Sign out/ })).not.toBeInTheDocument();
    expect(within(items[1]!).queryByText('This device')).not.toBeInTheDocument();
    expect(within(items[1]!).getByRole('button', { name: /Sign out Safari on iOS/ })).toBeInTheDocument();
  });

  it('signs out another session after confirmation and shows the list without it', async () => {
    const deleted = sessionsApi(
      [session('this', CHROME_LINUX, true, '2026-03-01T10:00:00.000Z'), session('phone', SAFARI_IPHONE, false, '2026-03-01T11:00:00.000Z')],
      [session('this', CHROME_LINUX, true, '2026-03-01T10:00:00.000Z')],
    );
    const { user } = renderApp('/account', { user: viewer });

    await user.click(await screen.findByRole('button', { name: /Sign out Safari on iOS/ }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Sign out this session?',
    });
    expect(deleted).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(deleted).toEqual(['phone']));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Safari on iOS' })).not.toBeInTheDocument());
    expect(screen.getByRole('listitem', { name: 'Chrome on Linux (this device)' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out everywhere else' })).toBeDisabled();
  });

  it('keeps "sign out everywhere else" off while this is the only session', async () => {
    sessionsApi([session('this', CHROME_LINUX, true, '2026-03-01T10:00:00.000Z')]);
    renderApp('/account', { user: viewer });
    await screen.findByRole('listitem', {
      name: 'Chrome on Linux (this device)',
    });
    expect(screen.getByRole('button', { name: 'Sign out everywhere else' })).toBeDisabled();
  });
});
