import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { COLOR_SCHEME_STORAGE_KEY } from '@/app/provider';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const healthy = { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } };

describe('App shell and routing', () => {
  it('redirects / to the dashboard and marks it in the navigation', async () => {
    // The shell is under test, not the dashboard's figures: those requests fail, which the page shows in place.
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockImplementation(async () => problemResponse(503, { code: 'unavailable' })));
    const { router } = renderApp('/');

    await waitFor(() => expect(router.state.location.pathname).toBe('/dashboard'));
    expect(await screen.findByRole('banner')).toHaveTextContent('Hot Leads');
    expect(screen.getByRole('banner')).toHaveTextContent('Acme Sales');
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page'));
    // The first import of the dashboard's code is transformed on the fly, which takes seconds on a busy machine.
  }, 30_000);

  it('sends a visitor without a session to sign in, remembering where they were going', async () => {
    // The sign-in page asks which workspace this host serves (one host for all here).
    const fetchMock = vi.fn<typeof fetch>().mockImplementation(async () => jsonResponse({ host: 'single', name: null, slug: null, apexUrl: null, signupAllowed: false }));
    vi.stubGlobal('fetch', fetchMock);
    const { router } = renderApp('/leads?status=unread', { user: null });

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Hot Leads' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/leads?status=unread')}`);
    // Nobody ever signed in here: no refresh is attempted, only the host's workspace is asked for.
    const urls = fetchMock.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input));
    expect(urls.every((url) => url.endsWith('/api/v1/workspace-by-host'))).toBe(true);
  });

  it('shows only the navigation a role allows', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockImplementation(async () => jsonResponse(healthy)));
    renderApp('/status', { user: testUser(['leads:read']) });

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: 'Leads' })).toBeVisible());
    expect(within(nav).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Settings' })).not.toBeInTheDocument();
  });

  it('shows a 403 screen on a page the role does not allow', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockImplementation(async () => jsonResponse(healthy)));
    renderApp('/settings', { user: testUser(['leads:read']) });

    expect(await screen.findByRole('heading', { level: 1, name: "You don't have access to this page" })).toBeVisible();
    expect(screen.getByText('settings:manage')).toBeVisible();
  });

  it('shows the not-found page for an unknown client route without calling the API', async () => {
    const fetchMock = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', fetchMock);
    renderApp('/some/deep/link');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    expect(screen.getByText('There is no page at /some/deep/link.')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Go to system status' })).toHaveAttribute('href', '/status');
    // Only the header's own requests (the notification bell); the page itself asks for nothing.
    const pageCalls = fetchMock.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input)).filter((url) => !url.includes('/api/v1/notifications'));
    expect(pageCalls).toEqual([]);
  });

  it('switches between light and dark theme and remembers the choice', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockImplementation(async () => jsonResponse(healthy)));
    const { user } = renderApp('/status');

    await user.click(await screen.findByRole('button', { name: 'Switch to dark theme' }));
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark'));
    expect(localStorage.getItem(COLOR_SCHEME_STORAGE_KEY)).toBe('dark');

    await user.click(await screen.findByRole('button', { name: 'Switch to light theme' }));
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'light'));
    expect(localStorage.getItem(COLOR_SCHEME_STORAGE_KEY)).toBe('light');
  });
});
