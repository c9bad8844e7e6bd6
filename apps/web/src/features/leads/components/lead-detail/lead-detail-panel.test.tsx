import type { Schemas } from '@hotleads/api-client';
import type { Permission } from '@hotleads/shared';
import { render, screen, waitFor, within } from '@testing-library/react';
import { fireEvent } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, Outlet, RouterProvider } from 'react-router';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { page } from '@/features/leads/routes/lead-detail-route';
import { createQueryClient } from '@/lib/react-query';
import { resetSession, restoreSession } from '@/lib/session';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { signedInFetch, testUser } from '@/testing/session';
import { leadFixture } from './lead-fixtures';

// jsdom has no FontFaceSet; Mantine's autosizing Textarea listens on document.fonts.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', { value: { addEventListener: () => undefined, removeEventListener: () => undefined } });
}

type LeadDto = Schemas['LeadDto'];
type LeadEventDto = Schemas['LeadEventDto'];

interface Handled {
  method: string;
  path: string;
  body: unknown;
  ifMatch: string | null;
}

// The API as the panel uses it: the lead, its events, the user list; PATCH answers come from the test.
interface StubOptions {
  lead: LeadDto | null;
  events?: LeadEventDto[];
  patch?: (request: Handled) => Response | Promise<Response>;
  claim?: () => Promise<Response>;
  enrichments?: Array<Schemas['EnrichmentDto']>;
}

function stubApi(options: StubOptions) {
  const calls: Handled[] = [];
  let lead = options.lead;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(requestedUrl(input), init);
    const { pathname } = new URL(request.url);
    const text = await request.clone().text();
    const call = { method: request.method, path: pathname, body: text ? JSON.parse(text) : undefined, ifMatch: request.headers.get('if-match') };
    calls.push(call);
    if (pathname === '/api/v1/users') return jsonResponse({ data: [], nextCursor: null });
    if (pathname.endsWith('/events')) return jsonResponse({ data: options.events ?? [], nextCursor: null });
    if (pathname.endsWith('/enrichments')) return jsonResponse({ items: options.enrichments ?? [] });
    if (request.method === 'POST' && pathname.endsWith('/enrich')) return jsonResponse({ queued: ['e3'], skipped: [] }, 202);
    if (request.method === 'GET' && pathname.startsWith('/api/v1/leads/')) {
      return lead ? jsonResponse(lead, 200, { etag: `"${lead.version}"` }) : problemResponse(404, { code: 'lead_not_found', title: 'Lead not found' });
    }
    if (request.method === 'PATCH' && options.patch) return options.patch(call);
    if (request.method === 'POST' && pathname.endsWith('/claim') && options.claim) return options.claim();
    if (request.method === 'POST' && pathname.startsWith('/api/v1/leads/merges/')) return jsonResponse({ id: 'm-1', undoneAt: new Date().toISOString(), leads: lead ? [lead] : [] });
    return problemResponse(500, { code: 'unexpected', detail: `unexpected ${request.method} ${pathname}` });
  });
  return { calls, setLead: (next: LeadDto) => (lead = next) };
}

async function renderPanel(url: string, permissions?: readonly Permission[], phoneCountry: string | null = null) {
  resetSession();
  signedInFetch(testUser(permissions), { phoneCountry });
  await restoreSession();
  const queryClient = createQueryClient();
  const { Component, loader } = page(queryClient);
  const router = createMemoryRouter(
    [{ path: '/leads', element: <Outlet />, children: [{ path: '/leads/:leadId', Component, loader, HydrateFallback: () => null }] }],
    { initialEntries: [url] },
  );
  onTestFinished(() => {
    router.dispose();
    queryClient.clear();
  });
  render(
    <AppProvider queryClient={queryClient} env="test">
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { router, queryClient, user: userEvent.setup() };
}

const resubmitted: LeadEventDto = {
  id: 'e2',
  leadId: leadFixture().id,
  type: 'resubmitted',
  actorType: 'anonymous',
  actorId: null,
  data: { name: 'Ada Lovelace', message: 'Still interested, call me back', metadata: { utm: { campaign: 'spring' } } },
  createdAt: new Date(Date.now() - 60_000).toISOString(),
};
const created: LeadEventDto = { ...resubmitted, id: 'e1', type: 'created', data: {}, createdAt: new Date(Date.now() - 600_000).toISOString() };

// The whole panel renders in jsdom, which is slow on a busy machine.
describe('Lead detail panel', { timeout: 20_000 }, () => {
  it('shows a phone of the workspace country in its national format, calling E.164', async () => {
    stubApi({ lead: leadFixture({ phone: '+49303644053' }), events: [] });
    await renderPanel('/leads/11111111-1111-4111-8111-111111111111', undefined, 'DE');
    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    const national = within(panel).getByRole('link', { name: '030 3644053' });
    expect(national).toHaveAttribute('href', 'tel:+49303644053');
    expect(within(panel).getByRole('link', { name: 'Call 030 3644053' })).toHaveAttribute('href', 'tel:+49303644053');
  });

  it('shows a phone internationally in a workspace of another country', async () => {
    stubApi({ lead: leadFixture({ phone: '+49303644053' }), events: [] });
    await renderPanel('/leads/11111111-1111-4111-8111-111111111111', undefined, 'US');
    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    expect(within(panel).getByRole('link', { name: '+49 30 3644053' })).toHaveAttribute('href', 'tel:+49303644053');
  });

  it('shows the lead in a region named after it, with only the allowed next statuses and its resubmissions', async () => {
    stubApi({ lead: leadFixture(), events: [resubmitted, created] });
    await renderPanel('/leads/11111111-1111-4111-8111-111111111111');

    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    const statuses = within(panel).getByRole('group', { name: 'Change status' });
    expect(within(statuses).getAllByRole('button').map((b) => b.textContent)).toEqual(['Start processing', 'Archive']);
    expect(within(panel).getByText('Hello, how much is it?')).toBeInTheDocument();
    // The raw submission details are behind a toggle.
    expect(within(panel).queryByText('203.0.113.7')).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Show technical details' }));
    expect(within(panel).getByText('203.0.113.7')).toBeInTheDocument();
    expect(within(panel).getByText(/Respond within/)).toBeInTheDocument();
    expect(await within(panel).findByTestId('lead-resubmissions')).toHaveTextContent('1 resubmission');
    const timeline = within(panel).getByRole('list', { name: 'Timeline' });
    expect(within(timeline).getByText('Submitted again')).toBeInTheDocument();
    expect(within(timeline).getByText('Still interested, call me back')).toBeInTheDocument();
    expect(within(timeline).getByText('campaign: spring')).toBeInTheDocument();
  });

  it('on a 412 shows what changed on the server and reapplies the change on the current version', async () => {
    const lead = leadFixture({ version: 1 });
    const theirs = { ...lead, priority: 'urgent' as const, version: 2 };
    const api = stubApi({
      lead,
      patch: (call) =>
        call.ifMatch === '"1"'
          ? problemResponse(412, { code: 'precondition_failed', detail: 'Someone changed this lead after you loaded it.' })
          : jsonResponse({ ...theirs, status: 'processing', version: 3 }),
    });
    const { user } = await renderPanel(`/leads/${lead.id}`);
    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    api.setLead(theirs);

    await user.click(within(panel).getByRole('button', { name: 'Start processing' }));

    const dialog = await screen.findByRole('dialog', { name: 'Someone else changed this lead' });
    const rows = within(dialog).getAllByRole('row');
    const priority = rows.find((row) => row.getAttribute('data-field') === 'priority')!;
    expect(within(priority).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Medium', 'Urgent', 'not changed']);
    const status = rows.find((row) => row.getAttribute('data-field') === 'status')!;
    expect(within(status).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Unread', 'Unread', 'Processing']);
    // Meanwhile the panel shows the lead as it is now, without the refused change.
    expect(within(panel).getByTestId('lead-status')).toHaveTextContent('Unread');

    await user.click(within(dialog).getByRole('button', { name: 'Reapply my change' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(panel).getByTestId('lead-status')).toHaveTextContent('Processing');
    const patches = api.calls.filter((call) => call.method === 'PATCH');
    expect(patches.map((call) => [call.ifMatch, call.body])).toEqual([
      ['"1"', { status: 'processing' }],
      ['"2"', { status: 'processing' }],
    ]);
  });

  it('lets the user discard their change after a 412', async () => {
    const lead = leadFixture({ version: 1 });
    const api = stubApi({ lead, patch: () => problemResponse(412, { code: 'precondition_failed', detail: 'Changed meanwhile' }) });
    const { user } = await renderPanel(`/leads/${lead.id}`);
    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    api.setLead({ ...lead, company: 'Babbage & Co', version: 2 });

    await user.click(within(panel).getByRole('button', { name: 'Edit company' }));
    const input = within(panel).getByRole('textbox', { name: 'Company' });
    await user.clear(input);
    await user.type(input, 'Engines Ltd{Enter}');

    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Discard mine' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(panel).getByText('Babbage & Co')).toBeInTheDocument();
    expect(api.calls.filter((call) => call.method === 'PATCH')).toHaveLength(1);
  });

  it('shows a viewer everything read-only, without edit controls', async () => {
    stubApi({ lead: leadFixture({ tags: ['vip'], notes: 'Call after 5' }) });
    await renderPanel('/leads/11111111-1111-4111-8111-111111111111', ['leads:read']);

    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    expect(within(panel).getByText('You can view this lead but not change it.')).toBeInTheDocument();
    expect(within(panel).getByText('Call after 5')).toBeInTheDocument();
    expect(within(panel).getByText('vip')).toBeInTheDocument();
    // Only the close button and the technical details toggle: no status, edit, claim, delete or note controls.
    expect(within(panel).getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent)).toEqual(['Close lead details', 'Show technical details']);
    expect(within(panel).queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('keeps an agent’s hands off a lead someone else holds', async () => {
    stubApi({ lead: leadFixture({ assigneeId: '99999999-9999-4999-8999-999999999999' }) });
    await renderPanel('/leads/11111111-1111-4111-8111-111111111111', ['leads:read', 'leads:write']);

    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    expect(within(panel).getByText(/assigned to someone else/)).toBeInTheDocument();
    expect(within(panel).queryByRole('group', { name: 'Change status' })).not.toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: 'Claim' })).not.toBeInTheDocument();
    expect(within(panel).getByTestId('lead-assignee')).toHaveTextContent('Another user');
    // Dated notes are open to anyone who may write.
    expect(within(panel).getByRole('button', { name: 'Add note' })).toBeInTheDocument();
  });

  it('claims optimistically and rolls back when someone else was quicker', async () => {
    let answer!: (response: Response) => void;
    stubApi({ lead: leadFixture(), claim: () => new Promise((resolve) => (answer = resolve)) });
    const { user } = await renderPanel('/leads/11111111-1111-4111-8111-111111111111', ['leads:read', 'leads:write']);
    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    expect(within(panel).getByTestId('lead-assignee')).toHaveTextContent('Unassigned');

    await user.click(within(panel).getByRole('button', { name: 'Claim' }));

    // Mine at once, and an unread lead is being processed, as the API will make it.
    await waitFor(() => expect(within(panel).getByTestId('lead-assignee')).toHaveTextContent('You'));
    expect(within(panel).getByTestId('lead-status')).toHaveTextContent('Processing');
    answer(problemResponse(409, { code: 'lead_claimed', title: 'Someone else is working on this lead', assigneeId: '99999999-9999-4999-8999-999999999999' }));

    expect(await screen.findByText('Already claimed by someone else')).toBeInTheDocument();
    expect(within(panel).getByTestId('lead-status')).toHaveTextContent('Unread');
    expect(within(panel).getByTestId('lead-assignee')).toHaveTextContent('Unassigned');
  });

  it('says when the lead does not exist', async () => {
    stubApi({ lead: null });
    await renderPanel('/leads/11111111-1111-4111-8111-111111111111');
    const panel = await screen.findByRole('region', { name: 'Lead not found' });
    expect(within(panel).getByText(/purged from the trash/)).toBeInTheDocument();
  });

  it('marks a lead in the trash, read-only, with Restore for those who may', async () => {
    stubApi({ lead: leadFixture({ deletedAt: new Date().toISOString() }) });
    await renderPanel('/leads/11111111-1111-4111-8111-111111111111');
    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });
    expect(within(panel).getByText('This lead is in the trash')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Restore' })).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: 'Edit name' })).not.toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it('closes on Escape back to the list with its search, but not while a field is being edited', async () => {
    stubApi({ lead: leadFixture() });
    const { router, user } = await renderPanel('/leads/11111111-1111-4111-8111-111111111111?status=unread&sort=-createdAt');
    const panel = await screen.findByRole('region', { name: 'Ada Lovelace' });

    await user.click(within(panel).getByRole('button', { name: 'Edit name' }));
    await user.keyboard('{Escape}');
    expect(within(panel).queryByRole('textbox', { name: 'Name' })).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/leads/11111111-1111-4111-8111-111111111111');

    await user.keyboard('{Escape}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/leads'));
    expect(router.state.location.search).toBe('?status=unread&sort=-createdAt');
  });
});

const LEAD_ID = '11111111-1111-4111-8111-111111111111';

describe('Lead detail: enrichment', { timeout: 20_000 }, () => {
  const enrichment = (over: Partial<Schemas['EnrichmentDto']>): Schemas['EnrichmentDto'] => ({
    id: 'e1',
    leadId: LEAD_ID,
    provider: 'twilio_lookup',
    kind: 'phone',
    value: '+14155550100',
    status: 'succeeded',
    reason: null,
    summary: {},
    cached: false,
    trigger: 'auto',
    attempts: 1,
    createdAt: '2026-03-10T09:00:00.000Z',
    fetchedAt: '2026-03-10T09:00:01.000Z',
    finishedAt: '2026-03-10T09:00:01.000Z',
    ...over,
  });

  it('shows the phone check (valid, line type, carrier) and the email verdict with its reason, and re-checks on request', async () => {
    const lead = leadFixture({ id: LEAD_ID, phone: '+14155550100', email: 'ada@example.test', phoneValid: true, phoneLineType: 'mobile', emailVerdict: 'undeliverable' });
    const { calls } = stubApi({
      lead,
      enrichments: [
        enrichment({ summary: { valid: true, lineType: 'mobile', carrier: 'T-Mobile USA, Inc.', countryCode: 'US', nationalFormat: '(415) 555-0100' } }),
        enrichment({ id: 'e2', provider: 'kickbox', kind: 'email', value: 'ada@example.test', cached: true, summary: { result: 'undeliverable', reason: 'rejected_email', didYouMean: 'ada@example.com' } }),
      ],
    });
    const { user } = await renderPanel(`/leads/${LEAD_ID}`);
    const section = await screen.findByRole('region', { name: 'Enrichment' });
    const phone = await within(section).findByLabelText('Phone check');
    expect(phone).toHaveTextContent('Valid');
    expect(phone).toHaveTextContent('Mobile');
    expect(phone).toHaveTextContent('Carrier: T-Mobile USA, Inc. · Country: US · (415) 555-0100');
    expect(phone).toHaveTextContent(/Checked /);
    const email = within(section).getByLabelText('Email check');
    expect(email).toHaveTextContent('Undeliverable');
    expect(email).toHaveTextContent('Reason: the mail server rejected the address');
    expect(email).toHaveTextContent('Did you mean ada@example.com?');
    expect(email).toHaveTextContent('(from the workspace cache)');

    await user.click(within(section).getByRole('button', { name: 'Re-check' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/enrich'))?.body).toEqual({ force: true }));
  });

  it('says why a check was skipped, and offers no re-check to a viewer', async () => {
    const lead = leadFixture({ id: LEAD_ID, phone: '+14155550100', email: null });
    stubApi({ lead, enrichments: [enrichment({ status: 'skipped', reason: 'daily_budget_reached', summary: null, fetchedAt: null })] });
    await renderPanel(`/leads/${LEAD_ID}`, ['leads:read']);
    const section = await screen.findByRole('region', { name: 'Enrichment' });
    expect(await within(section).findByText("Skipped: today's budget for this provider is spent")).toBeVisible();
    expect(within(section).queryByRole('button', { name: 'Re-check' })).toBeNull();
    expect(within(section).queryByLabelText('Email check')).toBeNull();
  });

  it('says which leads were merged in, with an Undo merge while the merge can be undone', async () => {
    const merged: LeadEventDto = {
      ...created,
      id: 'e3',
      type: 'merged',
      actorType: 'user',
      actorId: testUser().id,
      data: { mergeId: 'm-1', from: [{ id: '22222222-2222-4222-8222-222222222222', name: 'Grace Hopper', email: null, phone: null }] },
      createdAt: new Date(Date.now() - 30_000).toISOString(),
    };
    const old: LeadEventDto = { ...merged, id: 'e4', data: { mergeId: 'm-0', from: [{ name: 'Old Twin' }] }, createdAt: new Date(Date.now() - 31 * 24 * 3600_000).toISOString() };
    const api = stubApi({ lead: leadFixture(), events: [merged, created, old] });
    const { user } = await renderPanel('/leads/11111111-1111-4111-8111-111111111111');
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    const entry = (await within(timeline).findByText('Merged from Grace Hopper')).closest('li')!;
    expect(entry).toHaveTextContent('By you');
    // Past the 30 days there is nothing to undo.
    const expired = within(timeline).getByText('Merged from Old Twin').closest('li')!;
    expect(within(expired).queryByRole('button', { name: 'Undo merge' })).toBeNull();
    await user.click(within(entry).getByRole('button', { name: 'Undo merge' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST' && c.path === '/api/v1/leads/merges/m-1/undo')).toBe(true));
    expect(await screen.findByText('Merge undone')).toBeInTheDocument();
  });
});
