import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { COLOR_SCHEME_STORAGE_KEY } from '@/app/provider';
import { jsonResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const healthy = { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } };

describe('App shell and routing', () => {
  it('redirects / to the status page and marks it in the navigation', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockImplementation(async () => jsonResponse(healthy)));
    const { router } = renderApp('/');

    await waitFor(() => expect(router.state.location.pathname).toBe('/status'));
    // The lazy route swaps its loading layout for the page: query the heading again until it settles.
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'System status' })).toBeVisible());
    expect(screen.getByRole('banner')).toHaveTextContent('Hot Leads');
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    const link = within(nav).getByRole('link', { name: 'System status' });
    await waitFor(() => expect(link).toHaveAttribute('aria-current', 'page'));
  });

  it('shows the not-found page for an unknown client route without calling the API', async () => {
    const fetchMock = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', fetchMock);
    renderApp('/some/deep/link');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    expect(screen.getByText('There is no page at /some/deep/link.')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Go to system status' })).toHaveAttribute('href', '/status');
    expect(fetchMock).not.toHaveBeenCalled();
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
