import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { leadFixture } from '@/features/leads/components/lead-detail/lead-fixtures';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import { isCommandMenuKey } from './command-menu-key';
import { matches, openLeadId } from './command-items';

const LEAD_ID = '00000000-0000-4000-8000-000000000042';

// Answers the lead search and the open lead; everything else the pages ask for is refused (they show it in place).
function stubApi() {
  const searches: string[] = [];
  const patches: Array<{ ifMatch: string | null; body: unknown }> = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(requestedUrl(input), init);
    const url = new URL(request.url);
    const lead = leadFixture({ id: LEAD_ID, name: 'Ada Lovelace', email: 'ada@example.test', phone: '+49303644053', status: 'processing', version: 3 });
    if (request.method === 'GET' && url.pathname === '/api/v1/leads' && url.searchParams.get('q')) {
      searches.push(url.searchParams.get('q')!);
      return jsonResponse({ data: [lead], nextCursor: null, total: 1, totalIsEstimate: false });
    }
    if (request.method === 'GET' && url.pathname === `/api/v1/leads/${LEAD_ID}`) return jsonResponse(lead, 200, { etag: '"3"' });
    if (request.method === 'PATCH') {
      patches.push({ ifMatch: request.headers.get('if-match'), body: JSON.parse(await request.text()) });
      return jsonResponse({ ...lead, status: 'contacted', version: 4 }, 200, { etag: '"4"' });
    }
    return problemResponse(503, { code: 'unavailable' });
  });
  return { searches, patches };
}

describe('command menu', { timeout: 30_000 }, () => {
  it('recognises Ctrl+K and Cmd+K only', () => {
    expect(isCommandMenuKey({ key: 'k', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false, isComposing: false })).toBe(true);
    expect(isCommandMenuKey({ key: 'K', ctrlKey: false, metaKey: true, altKey: false, shiftKey: false, isComposing: false })).toBe(true);
    expect(isCommandMenuKey({ key: 'k', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, isComposing: false })).toBe(false);
    expect(isCommandMenuKey({ key: 'k', ctrlKey: true, metaKey: false, altKey: true, shiftKey: false, isComposing: false })).toBe(false);
  });

  it('matches every typed word in any order and reads the open lead from the address', () => {
    expect(matches('Audit log', 'log aud')).toBe(true);
    expect(matches('Audit log', 'audit x')).toBe(false);
    expect(openLeadId(`/leads/${LEAD_ID}`)).toBe(LEAD_ID);
    expect(openLeadId('/leads')).toBeNull();
  });

  it('goes to a page chosen with the keyboard', async () => {
    stubApi();
    const { user, router } = renderApp('/status', { user: testUser() });
    await screen.findByRole('banner');

    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Command menu' });
    await user.type(within(dialog).getByRole('combobox'), 'audit');
    expect(within(dialog).getByRole('option', { name: /Audit log/ })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(router.state.location.pathname).toBe('/audit-log'));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Command menu' })).toBeNull());
  });

  it('finds a lead by phone and opens it', async () => {
    const { searches } = stubApi();
    const { user, router } = renderApp('/status', { user: testUser() });
    await user.click(await screen.findByRole('button', { name: 'Command menu' }));
    const dialog = await screen.findByRole('dialog', { name: 'Command menu' });

    await user.type(within(dialog).getByRole('combobox'), '030 3644053');
    await user.click(await within(dialog).findByRole('option', { name: /Ada Lovelace/ }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/leads/${LEAD_ID}`));
    // Debounced: one search for what was typed, not one per key.
    expect(searches).toEqual(['030 3644053']);
  });

  it('sets the status of the open lead, on the version shown', async () => {
    const { patches } = stubApi();
    const { user } = renderApp(`/leads/${LEAD_ID}`, { user: testUser() });
    await screen.findByRole('banner');

    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Command menu' });
    await user.type(within(dialog).getByRole('combobox'), 'contacted');
    await user.click(await within(dialog).findByRole('option', { name: /Set status to Contacted/ }));

    await waitFor(() => expect(patches).toEqual([{ ifMatch: '"3"', body: { status: 'contacted' } }]));
  });
});
