import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const entry = (id: string, action: string, extra: object = {}) => ({
  id,
  createdAt: '2026-03-01T08:00:00.000Z',
  actorType: 'user',
  actorId: '0b6c8b9e-52a4-4c8e-9d35-2f3f4f0d7c11',
  actorLabel: 'admin@example.test',
  actorName: null,
  action,
  resourceType: 'tenant',
  resourceId: 'c3a3f8a2-7d0e-4d6b-9a53-1f1e7f4b2d10',
  outcome: 'success',
  ip: '127.0.0.1',
  userAgent: 'Chromium',
  requestId: 'req-1',
  changes: null,
  metadata: null,
  ...extra,
});

// Answers the audit list from `pages` (by cursor) and records every list request's query.
function auditApi(pages: Record<string, { data: object[]; nextCursor: string | null }>) {
  const queries: URLSearchParams[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(requestedUrl(input));
    if (url.pathname !== '/api/v1/audit-logs') throw new Error(`unexpected ${url.pathname}`);
    queries.push(url.searchParams);
    return jsonResponse(
      pages[url.searchParams.get('cursor') ?? ''] ?? {
        data: [],
        nextCursor: null,
      },
    );
  });
  return queries;
}

// An auditor who may not list users, so the actor filter is a plain text input.
const auditor = testUser(['audit:read']);

describe('Audit log page', { timeout: 20_000 }, () => {
  it('reads its filters from the URL, asks the API for them and writes changes back to the URL', async () => {
    const queries = auditApi({
      '': { data: [entry('e1', 'auth.mfa.enable')], nextCursor: null },
    });
    const { user, router } = renderApp('/audit-log?outcome=failure&action=auth.*&from=2026-03-01T00:00:00.000Z', { user: auditor });

    expect(await screen.findByRole('button', { name: 'Two-factor authentication turned on' })).toBeInTheDocument();
    // jsdom matches no media query: the phone layout, where the filters fold away behind a button.
    await user.click(screen.getByRole('button', { name: 'Filters (3 set)' }));
    expect(Object.fromEntries(queries[0]!)).toEqual({
      action: 'auth.*',
      outcome: 'failure',
      from: '2026-03-01T00:00:00.000Z',
      limit: '50',
    });
    expect(screen.getByLabelText('Action', { selector: 'input' })).toHaveValue('auth.*');
    expect(screen.getByLabelText('Outcome', { selector: 'input' })).toHaveValue('Failure');

    const resourceId = screen.getByRole('textbox', { name: 'Resource ID' });
    await user.type(resourceId, 'abc');
    await waitFor(() => expect(router.state.location.search).toBe('?action=auth.*&resourceId=abc&outcome=failure&from=2026-03-01T00%3A00%3A00.000Z'));
    await waitFor(() => expect(queries.at(-1)?.get('resourceId')).toBe('abc'));

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    await waitFor(() => expect(screen.getByLabelText('Action', { selector: 'input' })).toHaveValue(''));
    expect(resourceId).toHaveValue('');
    expect(screen.getByLabelText('Outcome', { selector: 'input' })).toHaveValue('');
  });

  it('loads the next page with the cursor and opens an entry with its changes', async () => {
    const queries = auditApi({
      '': { data: [entry('e1', 'auth.session.revoke')], nextCursor: 'page-2' },
      'page-2': {
        data: [
          entry('e2', 'settings.update', {
            changes: {
              slaMinutes: {
                from: { urgent: 15, low: 60 },
                to: { urgent: 5, low: 60 },
              },
            },
          }),
        ],
        nextCursor: null,
      },
    });
    const { user, router } = renderApp('/audit-log?action=settings.*', {
      user: auditor,
    });

    await screen.findByRole('button', { name: 'Session signed out' });
    expect(screen.getByRole('status')).toHaveTextContent('Showing the latest 1 entries');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await user.click(await screen.findByRole('button', { name: 'Workspace settings changed' }));
    expect(queries.at(-1)?.get('cursor')).toBe('page-2');
    expect(queries.at(-1)?.get('action')).toBe('settings.*');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();

    const drawer = await screen.findByRole('dialog', { name: 'Audit entry' });
    const changes = within(drawer).getByRole('table', {
      name: 'Changed fields',
    });
    expect(within(changes).getByRole('rowheader', { name: 'slaMinutes.urgent' }).closest('tr')).toHaveTextContent('slaMinutes.urgent155');
    expect(within(changes).queryByText('slaMinutes.low')).not.toBeInTheDocument();
    expect(within(drawer).getByText('req-1')).toBeInTheDocument();

    await user.click(within(drawer).getByRole('button', { name: 'Entries for this resource' }));
    await waitFor(() =>
      expect(router.state.location.search).toBe('?action=settings.*&resourceType=tenant&resourceId=c3a3f8a2-7d0e-4d6b-9a53-1f1e7f4b2d10'),
    );
  });

  it('names actions and actors in words, with full ids on hover and times with their zone', async () => {
    auditApi({
      '': {
        data: [
          entry('e1', 'lead.create', { actorName: 'Ada Admin', resourceType: 'lead' }),
          entry('e2', 'thing.gone_missing', { actorType: 'api_key', actorId: 'a1f0c2d4-1111-4222-8333-944445555666', actorLabel: 'Zapier', actorName: null }),
        ],
        nextCursor: null,
      },
    });
    const { user } = renderApp('/audit-log', { user: auditor });

    const created = await screen.findByRole('button', { name: 'Lead created' });
    expect(created).toHaveAttribute('title', 'lead.create');
    // An action the map does not know yet still reads as words.
    expect(screen.getByRole('button', { name: 'Thing gone missing' })).toHaveAttribute('title', 'thing.gone_missing');
    const row = created.closest('tr')!;
    const ada = within(row).getByText('Ada Admin');
    expect(ada).toHaveAttribute('title', 'admin@example.test · 0b6c8b9e-52a4-4c8e-9d35-2f3f4f0d7c11');
    expect(within(row).getByTitle('c3a3f8a2-7d0e-4d6b-9a53-1f1e7f4b2d10')).toHaveTextContent('lead c3a3f8a2');
    expect(within(screen.getByRole('button', { name: 'Thing gone missing' }).closest('tr')!).getByText('Zapier')).toHaveAttribute('title', 'Zapier · a1f0c2d4-1111-4222-8333-944445555666');
    // The time carries its zone (the test runs in UTC).
    expect(within(row).getByText(/^2026-03-01 \d\d:00:00 \S+$/)).toBeInTheDocument();

    await user.click(created);
    const drawer = await screen.findByRole('dialog', { name: 'Audit entry' });
    expect(within(drawer).getByText('Lead created')).toBeInTheDocument();
    expect(within(drawer).getByText('lead.create')).toBeInTheDocument();
    expect(within(drawer).getByText('Ada Admin <admin@example.test> (user)')).toBeInTheDocument();
  });

  it('tells an empty result from an empty log', async () => {
    auditApi({});
    renderApp('/audit-log?outcome=denied', { user: auditor });
    expect(await screen.findByText('No entries match these filters')).toBeInTheDocument();
  });
});
