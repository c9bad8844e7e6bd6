import type { Schemas } from '@hotleads/api-client';
import type { Permission } from '@hotleads/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import { leadFixture } from '../lead-detail/lead-fixtures';

type LeadDto = Schemas['LeadDto'];

interface Call {
  method: string;
  url: URL;
  body: unknown;
  ifMatch: string | null;
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const leads = (count: number, overrides: (i: number) => Partial<LeadDto> = () => ({})) =>
  Array.from({ length: count }, (_, i) => leadFixture({ id: id(i + 1), name: `Lead ${i + 1}`, email: `lead${i + 1}@example.test`, ...overrides(i) }));

// The API as the leads page uses it; list and write answers come from the test.
function stubApi(answers: { list: (url: URL) => Response; write?: (call: Call) => Response }) {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(requestedUrl(input), init);
    const url = new URL(request.url);
    const text = await request.clone().text();
    const call = { method: request.method, url, body: text ? JSON.parse(text) : undefined, ifMatch: request.headers.get('if-match') };
    calls.push(call);
    if (url.pathname === '/api/v1/leads' && request.method === 'GET') return answers.list(url);
    if (url.pathname === '/api/v1/users') return jsonResponse({ data: [], nextCursor: null });
    if (url.pathname === '/api/v1/saved-views') return jsonResponse([]);
    if (answers.write && request.method !== 'GET') return answers.write(call);
    return problemResponse(500, { code: 'unexpected', detail: `unexpected ${request.method} ${url.pathname}` });
  });
  return calls;
}

const page = (data: LeadDto[], total = data.length, nextCursor: string | null = null) =>
  jsonResponse({ data, nextCursor, total, totalIsEstimate: false });

const render = (url: string, permissions?: readonly Permission[]) => renderApp(url, permissions ? { user: testUser(permissions) } : undefined);

// Generous: the first test loads the page's code, and menus take a while under user-event on a busy machine.
describe('Leads page', { timeout: 20_000 }, () => {
  // jsdom lays nothing out: give the table's scroller a size so the virtualiser renders rows.
  beforeAll(() => {
    for (const [prop, size] of [['clientHeight', 800], ['clientWidth', 1200]] as const) {
      Object.defineProperty(HTMLElement.prototype, prop, {
        configurable: true,
        get(this: HTMLElement) {
          return this.dataset.testid === 'leads-scroller' ? size : 0;
        },
      });
    }
  });
  afterAll(() => {
    for (const prop of ['clientHeight', 'clientWidth']) Reflect.deleteProperty(HTMLElement.prototype, prop);
  });

  it('lists the leads matching the filters in the URL, with their count', async () => {
    const calls = stubApi({ list: () => page(leads(3, (i) => ({ status: 'unread', slaBreached: i === 0 })), 3) });
    render('/leads?status=unread&tag=vip&bogus=1');

    expect(await screen.findByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
    expect(await screen.findByRole('link', { name: 'Lead 1' })).toHaveAttribute('href', `/leads/${id(1)}?status=unread&tag=vip`);
    expect(screen.getByTestId('leads-count')).toHaveTextContent('3 leads');
    expect(screen.getAllByText('SLA breached:')).toHaveLength(1);

    const list = calls.find((c) => c.url.pathname === '/api/v1/leads')!;
    expect(list.url.searchParams.getAll('status')).toEqual(['unread']);
    expect(list.url.searchParams.getAll('tag')).toEqual(['vip']);
    expect(list.url.searchParams.get('limit')).toBe('50');
    expect(list.url.searchParams.has('bogus')).toBe(false);
  });

  it('filters by the email check and the line type, in the URL and in the request', async () => {
    const calls = stubApi({ list: () => page(leads(1, () => ({ emailVerdict: 'undeliverable', phoneLineType: 'mobile' }))) });
    const { user, router } = render('/leads?emailVerdict=undeliverable');
    await screen.findByRole('link', { name: 'Lead 1' });
    expect(calls.find((c) => c.url.pathname === '/api/v1/leads')!.url.searchParams.getAll('emailVerdict')).toEqual(['undeliverable']);

    // jsdom is a narrow screen: the filters sit behind their toggle, which counts the active one.
    await user.click(screen.getByRole('button', { name: 'Filters (1)' }));
    expect(screen.getByRole('button', { name: 'Email check: Undeliverable' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Line type' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Mobile' }));
    await waitFor(() => expect(router.state.location.search).toBe('?emailVerdict=undeliverable&phoneLineType=mobile'));
    await waitFor(() => expect(calls.some((c) => c.url.searchParams.get('phoneLineType') === 'mobile')).toBe(true));
  });

  it('searches 300 ms after the last key, once, and keeps the search in the URL', async () => {
    const calls = stubApi({ list: () => page(leads(1)) });
    const { user, router } = render('/leads');
    await screen.findByRole('link', { name: 'Lead 1' });

    await user.type(screen.getByRole('searchbox', { name: 'Search leads' }), 'acme');
    expect(router.state.location.search).toBe('');

    await waitFor(() => expect(router.state.location.search).toBe('?q=acme'));
    await waitFor(() => expect(calls.filter((c) => c.url.searchParams.has('q'))).toHaveLength(1));
    expect(calls.find((c) => c.url.searchParams.has('q'))!.url.searchParams.get('q')).toBe('acme');
  });

  it('says when no lead matches and clears the filters', async () => {
    stubApi({ list: (url) => (url.searchParams.has('tag') ? page([]) : page(leads(1))) });
    const { user, router } = render('/leads?tag=nothing');

    expect(await screen.findByText('No leads match these filters')).toBeVisible();
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]);

    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('link', { name: 'Lead 1' })).toBeVisible();
  });

  it('shows a first-run state when the workspace has no leads at all', async () => {
    stubApi({ list: () => page([]) });
    render('/leads');
    expect(await screen.findByText('No leads yet')).toBeVisible();
  });

  it('shows a failed load with a retry', async () => {
    let fail = true;
    stubApi({ list: () => (fail ? problemResponse(400, { code: 'invalid_cursor', detail: 'The cursor is invalid' }) : page(leads(1))) });
    const { user } = render('/leads');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the leads');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'Lead 1' })).toBeVisible();
  });

  it('gives a viewer neither checkboxes nor export', async () => {
    stubApi({ list: () => page(leads(2)) });
    render('/leads', ['leads:read']);

    expect(await screen.findByRole('link', { name: 'Lead 1' })).toBeVisible();
    expect(screen.queryByRole('checkbox', { name: /select/i })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export' })).not.toBeInTheDocument();
  });

  it('updates "all matching" through the filter, not ids, and summarises what was skipped', async () => {
    const loaded = leads(3);
    const calls = stubApi({
      list: () => page(loaded, 120, 'next-page'),
      write: () =>
        jsonResponse({
          matched: 120,
          updated: 117,
          skippedCount: 3,
          skipped: [
            { id: id(1), reason: 'invalid_status_transition' },
            { id: id(2), reason: 'invalid_status_transition' },
            { id: '99999999-0000-4000-8000-000000000000', reason: 'lead_not_assigned_to_you' },
          ],
        }),
    });
    const { user } = render('/leads?tag=spring');

    await user.click(await screen.findByRole('checkbox', { name: 'Select all loaded leads' }));
    const bulk = screen.getByRole('region', { name: 'Bulk actions' });
    expect(bulk).toHaveTextContent('3 selected');
    await user.click(within(bulk).getByRole('button', { name: 'Select all 120 matching this filter' }));
    expect(bulk).toHaveTextContent('All 120 matching leads selected');

    await user.click(within(bulk).getByRole('button', { name: 'Status' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Contacted' }));
    const confirm = await screen.findByRole('dialog', { name: 'Change all 120 leads?' });
    await user.click(within(confirm).getByRole('button', { name: 'Apply' }));

    const summary = await screen.findByRole('status', { name: /^Updated/ });
    expect(summary).toHaveTextContent('Updated 117; skipped 3');
    expect(summary).toHaveTextContent('2 the status cannot move there from its current one');
    expect(summary).toHaveTextContent('1 assigned to someone else');
    expect(summary).toHaveTextContent('Lead 1: the status cannot move there');
    expect(summary).toHaveTextContent('Lead 99999999: assigned to someone else');

    const request = calls.find((c) => c.url.pathname === '/api/v1/leads/bulk-update')!;
    expect(request.body).toEqual({ filter: { tag: ['spring'] }, set: { status: 'contacted' } });
    // The selection is done with.
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
  }, 40_000);

  it('acts on the checked ids, with a shift-click range', async () => {
    const calls = stubApi({
      list: () => page(leads(5)),
      write: () => jsonResponse({ matched: 3, updated: 3, skippedCount: 0, skipped: [] }),
    });
    const { user } = render('/leads');

    await user.click(await screen.findByRole('checkbox', { name: 'Select Lead 2' }));
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('checkbox', { name: 'Select Lead 4' }));
    await user.keyboard('{/Shift}');
    const bulk = screen.getByRole('region', { name: 'Bulk actions' });
    expect(bulk).toHaveTextContent('3 selected');

    await user.click(within(bulk).getByRole('button', { name: 'Priority' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Urgent' }));

    expect(await screen.findByRole('status', { name: /^Updated/ })).toHaveTextContent('Updated 3');
    const request = calls.find((c) => c.url.pathname === '/api/v1/leads/bulk-update')!;
    expect(request.body).toEqual({ ids: [id(2), id(3), id(4)], set: { priority: 'urgent' } });
  });

  it('moves a few checked leads to the trash at once, and Undo brings them back', async () => {
    const calls = stubApi({
      list: () => page(leads(3)),
      write: (call) => (call.url.pathname.endsWith('/restore') ? jsonResponse(leadFixture({ id: call.url.pathname.split('/')[4] })) : jsonResponse({ deleted: 2 })),
    });
    const { user } = render('/leads');

    await user.click(await screen.findByRole('checkbox', { name: 'Select Lead 1' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Lead 3' }));
    await user.click(within(screen.getByRole('region', { name: 'Bulk actions' })).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('Moved 2 leads to the trash')).toBeVisible();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.find((c) => c.url.pathname === '/api/v1/leads/bulk-delete')!.body).toEqual({ ids: [id(1), id(3)] });

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Undone: 2 leads')).toBeVisible();
    const restored = calls.filter((c) => c.url.pathname.endsWith('/restore')).map((c) => c.url.pathname);
    expect(restored.sort()).toEqual([`/api/v1/leads/${id(1)}/restore`, `/api/v1/leads/${id(3)}/restore`]);
  });

  it('asks before moving more than 100 leads to the trash', async () => {
    const calls = stubApi({ list: () => page(leads(101)), write: () => jsonResponse({ deleted: 101 }) });
    const { user } = render('/leads');

    await user.click(await screen.findByRole('checkbox', { name: 'Select all loaded leads' }));
    await user.click(within(screen.getByRole('region', { name: 'Bulk actions' })).getByRole('button', { name: 'Delete' }));
    const confirm = await screen.findByRole('dialog', { name: 'Move 101 leads to the trash?' });
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Move to trash' }));
    expect(await screen.findByText('Moved 101 leads to the trash')).toBeVisible();
  });

  it('moves with j/k and sets the status of the highlighted lead with a number key', async () => {
    const rows = leads(3, () => ({ status: 'processing', version: 4 }));
    const calls = stubApi({
      list: () => page(rows),
      write: () => jsonResponse({ ...rows[1], status: 'contacted', version: 5 }, 200, { etag: '"5"' }),
    });
    const { user } = render('/leads');
    await screen.findByRole('link', { name: 'Lead 1' });

    await user.keyboard('jjjk');
    await waitFor(() => expect(screen.getByRole('link', { name: 'Lead 2' }).closest('tr')).toHaveAttribute('aria-current', 'true'));
    await user.keyboard('2');

    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.url.pathname).toBe(`/api/v1/leads/${id(2)}`);
    expect(patch.body).toEqual({ status: 'contacted' });
    expect(patch.ifMatch).toBe('"4"');
    await waitFor(() => expect(within(screen.getByRole('link', { name: 'Lead 2' }).closest('tr')!).getByText('Contacted')).toBeVisible());
  });

  it('offers Undo after a status key: the inverse change, on the version the change made', async () => {
    const rows = leads(1, () => ({ status: 'processing', version: 4 }));
    const calls = stubApi({
      list: () => page(rows),
      write: (call) =>
        jsonResponse({ ...rows[0], ...(call.body as object), version: call.ifMatch === '"4"' ? 5 : 6 }, 200, { etag: call.ifMatch === '"4"' ? '"5"' : '"6"' }),
    });
    const { user } = render('/leads');
    await screen.findByRole('link', { name: 'Lead 1' });

    await user.keyboard('j2');
    await user.click(await screen.findByRole('button', { name: 'Undo' }));

    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(2));
    const [change, inverse] = calls.filter((c) => c.method === 'PATCH');
    expect(change).toMatchObject({ body: { status: 'contacted' }, ifMatch: '"4"' });
    expect(inverse).toMatchObject({ body: { status: 'processing' }, ifMatch: '"5"' });
    expect(await screen.findByText('Undone: 1 lead')).toBeVisible();
  });

  it('asks before archiving with 5, and archives only when confirmed', async () => {
    const rows = leads(1, () => ({ status: 'processing', version: 4 }));
    const calls = stubApi({ list: () => page(rows), write: () => jsonResponse({ ...rows[0], status: 'archived', version: 5 }) });
    const { user } = render('/leads');
    await screen.findByRole('link', { name: 'Lead 1' });

    await user.keyboard('j5');
    let dialog = await screen.findByRole('dialog', { name: 'Archive this lead?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    await user.keyboard('5');
    dialog = await screen.findByRole('dialog', { name: 'Archive this lead?' });
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ status: 'archived' });
  });

  it('refuses a status the lead cannot move to without calling the API', async () => {
    const calls = stubApi({ list: () => page(leads(1, () => ({ status: 'unread' }))) });
    const { user } = render('/leads');
    await screen.findByRole('link', { name: 'Lead 1' });

    await user.keyboard('j4');

    expect(await screen.findByText('Cannot move to Converted')).toBeVisible();
    expect(calls.some((c) => c.method !== 'GET')).toBe(false);
  });

  it('lists the shortcuts on ?', async () => {
    stubApi({ list: () => page(leads(1)) });
    const { user } = render('/leads');
    await screen.findByRole('link', { name: 'Lead 1' });

    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Set status to Processing');
    expect(dialog).toHaveTextContent('Set status to Archived');
  });
});
