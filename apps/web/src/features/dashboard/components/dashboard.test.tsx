import type { Schemas } from '@hotleads/api-client';
import { act, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl, withHeaderRequests } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

type LeadStatsDto = Schemas['LeadStatsDto'];
type LeadPageDto = Schemas['LeadPageDto'];

const DAY_MS = 86_400_000;

// A typed answer of GET /api/v1/leads/stats: the compiler keeps it in step with the API's schema.
function statsAnswer(overrides: Partial<LeadStatsDto> = {}): LeadStatsDto {
  return {
    from: '2026-02-08T15:00:00.000Z',
    to: '2026-03-10T15:00:00.000Z',
    total: 96,
    byStatus: { unread: 17, processing: 20, contacted: 30, qualified: 11, converted: 12, archived: 6 },
    byPriority: { low: 10, medium: 60, high: 20, urgent: 6 },
    bySource: { form: 70, api: 26 },
    byType: { contact: 90, cv_request: 2, collaboration: 4, custom: 0 },
    velocity: { last24h: 5, previous24h: 4, last7d: 30, previous7d: 25 },
    conversionRate: 0.125,
    contactedRate: 0.6,
    timeToFirstContact: { medianSeconds: 2520, p90Seconds: 11_520, sampleSize: 53 },
    openSlaBreaches: 3,
    series: [
      { day: '2026-03-08', bySource: { form: 20, api: 6 }, total: 26 },
      { day: '2026-03-09', bySource: { form: 40, api: 20 }, total: 60 },
      { day: '2026-03-10', bySource: { form: 10 }, total: 10 },
    ],
    ...overrides,
  };
}

const EMPTY_STATS = statsAnswer({
  total: 0,
  byStatus: { unread: 0, processing: 0, contacted: 0, qualified: 0, converted: 0, archived: 0 },
  byPriority: { low: 0, medium: 0, high: 0, urgent: 0 },
  bySource: {},
  byType: { contact: 0, cv_request: 0, collaboration: 0, custom: 0 },
  velocity: { last24h: 0, previous24h: 0, last7d: 0, previous7d: 0 },
  conversionRate: null,
  contactedRate: null,
  timeToFirstContact: { medianSeconds: null, p90Seconds: null, sampleSize: 0 },
  openSlaBreaches: 0,
  series: [{ day: '2026-03-10', bySource: {}, total: 0 }],
});

const LEAD: Schemas['LeadDto'] = {
  id: '00000000-0000-4000-8000-000000000100',
  type: 'contact',
  status: 'unread',
  priority: 'medium',
  qualityScore: 50,
  score: null,
  scoreReasons: [],
  name: 'Ada Lovelace',
  email: 'ada@example.test',
  phone: null,
  company: null,
  subject: null,
  message: null,
  role: null,
  notes: null,
  source: 'form',
  sourceRef: null,
  formId: null,
  tags: [],
  metadata: {},
  assigneeId: null,
  followUpAt: null,
  firstContactedAt: null,
  lastContactedAt: null,
  respondBy: null,
  slaBreached: false,
  emailVerdict: null,
  phoneValid: null,
  phoneLineType: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  deletedAt: null,
};

const leadPage = (leads: 0 | 1): LeadPageDto => ({ data: leads ? [LEAD] : [], nextCursor: null, total: leads, totalIsEstimate: false });

type Answer = Response | Promise<Response>;

type RepStatsDto = Schemas['RepStatsDto'];

const REP_ADA: RepStatsDto = {
  assigneeId: '00000000-0000-4000-8000-000000000201',
  name: 'Ada Agent',
  assigned: 40,
  contacted: 31,
  medianSecondsToFirstContact: 1_500,
  slaBreaches: 2,
  conversions: 6,
  conversionRate: 0.15,
};
const REP_BO: RepStatsDto = { ...REP_ADA, assigneeId: '00000000-0000-4000-8000-000000000202', name: 'Bo Agent', assigned: 12, contacted: 0, medianSecondsToFirstContact: null, slaBreaches: 0, conversions: 0, conversionRate: 0 };

const repsAnswer = (rows: RepStatsDto[]): Schemas['LeadStatsByAssigneeDto'] => ({ from: '2026-02-08T15:00:00.000Z', to: '2026-03-10T15:00:00.000Z', rows });

// The API as the page sees it: stats answers in order (the last one repeats), and the lead list.
function stubApi({
  stats,
  leads = () => jsonResponse(leadPage(1)),
  reps = () => jsonResponse(repsAnswer([])),
}: {
  stats: Array<() => Answer>;
  leads?: () => Answer;
  reps?: () => Answer;
}) {
  let statsCalls = 0;
  const fetchMock = vi.fn<typeof fetch>(async (input) => {
    const url = new URL(requestedUrl(input));
    if (url.pathname === '/api/v1/leads/stats') return stats[Math.min(statsCalls++, stats.length - 1)]!();
    if (url.pathname === '/api/v1/leads/stats/by-assignee') return reps();
    if (url.pathname === '/api/v1/leads') return leads();
    throw new Error(`unexpected request ${url.href}`);
  });
  vi.stubGlobal('fetch', withHeaderRequests(fetchMock));
  const statsRequests = () =>
    fetchMock.mock.calls.map(([input]) => new URL(requestedUrl(input))).filter((url) => url.pathname === '/api/v1/leads/stats');
  return { fetchMock, statsRequests };
}

const card = (name: string) => screen.findByRole('region', { name });

// The period a stats request asked for, in days.
const requestedDays = (url: URL) => (Date.parse(url.searchParams.get('to')!) - Date.parse(url.searchParams.get('from')!)) / DAY_MS;

// Each case loads the lazy page (and its charts) afresh: slower than one unit test on a busy machine.
describe('Dashboard page', { timeout: 30_000 }, () => {
  beforeEach(() => {
    // jsdom lays nothing out, so the charts measure 0 × 0 and say so; the drawing is checked in the browser test.
    const warn = console.warn.bind(console);
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('The width(0) and height(0) of chart')) return;
      warn(...args);
    });
  });

  it('shows the KPI cards from the stats of the last 30 days', async () => {
    const { statsRequests } = stubApi({ stats: [() => jsonResponse(statsAnswer())] });
    renderApp('/dashboard');

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('region', { name: 'Unread' })).toHaveTextContent('17'));
    expect(await card('Unread')).toHaveTextContent('of 96 leads created in the last 30 days');
    expect(await card('New in 24 h')).toHaveTextContent('5+25%vs previous 24 h (4)');
    expect(await card('New in 7 days')).toHaveTextContent('30+20%vs previous 7 days (25)');
    expect(await card('Conversion rate')).toHaveTextContent('12.5%12 of 96 convertedConverted ÷ leads created in the period');
    expect(await card('Time to first contact')).toHaveTextContent('42 minMedian · 90% within 3.2 h');
    expect(await card('Open SLA breaches')).toHaveTextContent('3Waiting past their respond-by time');
    // Breaches are the one figure drawn as an alarm.
    expect(await card('Open SLA breaches')).toHaveAttribute('data-alert', 'true');
    expect(await card('Unread')).not.toHaveAttribute('data-alert');

    // Each card opens the leads it counts.
    expect(within(await card('Open SLA breaches')).getByRole('link')).toHaveAttribute('href', '/leads?slaBreached=true');
    expect(within(await card('Unread')).getByRole('link')).toHaveAttribute(
      'href',
      `/leads?status=unread&createdFrom=${encodeURIComponent('2026-02-08T15:00:00.000Z')}&createdTo=${encodeURIComponent('2026-03-10T15:00:00.000Z')}`,
    );
    expect(within(await card('Time to first contact')).queryByRole('link')).not.toBeInTheDocument();

    // No ?period: the default, a rolling 30 days ending now.
    expect(statsRequests()).toHaveLength(1);
    expect(requestedDays(statsRequests()[0]!)).toBe(30);
    expect(Math.abs(Date.parse(statsRequests()[0]!.searchParams.get('to')!) - Date.now())).toBeLessThan(60_000);
    expect(document.title).toBe('Dashboard · Hot Leads');
  });

  it('shows a manager every rep’s numbers for the period picked', async () => {
    const { fetchMock } = stubApi({ stats: [() => jsonResponse(statsAnswer())], reps: () => jsonResponse(repsAnswer([REP_ADA, REP_BO])) });
    const { user } = renderApp('/dashboard', { user: testUser(['leads:read', 'leads:write', 'leads:assign']) });

    const reps = await card('Per rep');
    const table = await within(reps).findByRole('table', { name: 'Numbers per rep' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Rep',
      'Assigned',
      'Contacted',
      'Median first contact',
      'SLA breaches',
      'Conversions',
      'Conversion rate',
    ]);
    expect(within(table).getByRole('row', { name: 'Ada Agent 40 31 25 min 2 6 15%' })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: 'Bo Agent 12 0 n/a 0 0 0%' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'My numbers' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: '7 days' }));
    const repRequests = () => fetchMock.mock.calls.map(([input]) => new URL(requestedUrl(input))).filter((url) => url.pathname === '/api/v1/leads/stats/by-assignee');
    await waitFor(() => expect(repRequests()).toHaveLength(2));
    expect(requestedDays(repRequests()[1]!)).toBe(7);
  });

  it('shows an agent their own numbers only, or says they have none', async () => {
    stubApi({ stats: [() => jsonResponse(statsAnswer())], reps: () => jsonResponse(repsAnswer([REP_ADA])) });
    renderApp('/dashboard', { user: testUser(['leads:read', 'leads:write']) });

    const mine = await card('My numbers');
    expect(await within(mine).findByText('Assigned')).toBeInTheDocument();
    const figure = (label: string) => within(mine).getByText(label).nextElementSibling?.textContent;
    expect(figure('Assigned')).toBe('40');
    expect(figure('Median first contact')).toBe('25 min');
    expect(figure('SLA breaches')).toBe('2');
    expect(figure('Conversion rate')).toBe('15%');
    expect(within(mine).queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Per rep' })).not.toBeInTheDocument();
  });

  it('tells an agent without assigned leads so', async () => {
    stubApi({ stats: [() => jsonResponse(statsAnswer())] });
    renderApp('/dashboard', { user: testUser(['leads:read', 'leads:write']) });
    const mine = await card('My numbers');
    await waitFor(() => expect(mine).toHaveTextContent('No leads created in the last 30 days are assigned to you.'));
  });

  it('describes both charts in text and tables for screen readers', async () => {
    stubApi({ stats: [() => jsonResponse(statsAnswer())] });
    renderApp('/dashboard');

    const perDay = await card('Leads per day');
    expect(await within(perDay).findByRole('img', { name: 'Stacked bar chart of leads created per day, by source' })).toBeInTheDocument();
    expect(perDay).toHaveTextContent('96 leads in the last 30 days; the busiest day was Mon, Mar 9, 2026 with 60. Top source: Forms (70).');
    const perDayTable = within(perDay).getByRole('table', { name: 'Leads per day by source' });
    expect(within(perDayTable).getByRole('row', { name: 'Mon, Mar 9, 2026 40 20 60' })).toBeInTheDocument();
    expect(within(perDayTable).getByRole('row', { name: 'Tue, Mar 10, 2026 10 0 10' })).toBeInTheDocument();

    const funnel = await card('Status funnel');
    expect(within(funnel).getByRole('img', { name: /leads that reached each status/ })).toBeInTheDocument();
    // Shares of the 96 leads created (6 of them archived): 53 reached contacted, 12 converted, the card's rate.
    expect(funnel).toHaveTextContent('55.2% reached contacted, 12.5% converted (converted ÷ leads created in the period).');
    expect(funnel).toHaveTextContent('Archived aside: 6');
    const funnelTable = within(funnel).getByRole('table', { name: 'Leads by status' });
    expect(within(funnelTable).getByRole('row', { name: 'Unread 17 90 93.8%' })).toBeInTheDocument();
    expect(within(funnelTable).getByRole('row', { name: 'Contacted 30 53 55.2%' })).toBeInTheDocument();
    expect(within(funnelTable).getByRole('row', { name: 'Converted 12 12 12.5%' })).toBeInTheDocument();
    expect(within(funnelTable).getByRole('row', { name: 'Archived (outside the pipeline) 6' })).toBeInTheDocument();
  });

  it('asks for the period picked, keeps it in the URL and accepts a shared custom range', async () => {
    const { statsRequests } = stubApi({ stats: [() => jsonResponse(statsAnswer())] });
    const { user, router } = renderApp('/dashboard');
    await waitFor(() => expect(screen.getByRole('region', { name: 'Unread' })).toHaveTextContent('17'));

    await user.click(screen.getByRole('radio', { name: '7 days' }));

    expect(router.state.location.search).toBe('?period=7d');
    await waitFor(() => expect(statsRequests()).toHaveLength(2));
    expect(requestedDays(statsRequests()[1]!)).toBe(7);
    expect(await screen.findByText(/Leads created in the last 7 days/)).toBeInTheDocument();

    await act(() => router.navigate('/dashboard?from=2026-03-01&to=2026-03-03'));
    await waitFor(() => expect(statsRequests()).toHaveLength(3));
    const custom = statsRequests()[2]!;
    // Whole local days, the last one included.
    expect(new Date(custom.searchParams.get('from')!)).toEqual(new Date(2026, 2, 1));
    expect(new Date(custom.searchParams.get('to')!)).toEqual(new Date(2026, 2, 4));
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Custom' })).toBeChecked());
    expect(screen.getByRole('button', { name: 'Custom period' })).toHaveTextContent('Mar 1, 2026 – Mar 3, 2026');
    expect(screen.getByText(/Leads created from Mar 1 to Mar 3, 2026/)).toBeInTheDocument();
  });

  it('takes a custom range picked in the calendar', async () => {
    const month = dayjs().subtract(1, 'month').startOf('month');
    const day = (n: number) => month.date(n);
    const { statsRequests } = stubApi({ stats: [() => jsonResponse(statsAnswer())] });
    const { user, router } = renderApp(`/dashboard?from=${day(1).format('YYYY-MM-DD')}&to=${day(3).format('YYYY-MM-DD')}`);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Unread' })).toHaveTextContent('17'));

    await user.click(screen.getByRole('button', { name: 'Custom period' }));
    await user.click(await screen.findByRole('button', { name: day(10).format('D MMMM YYYY') }));
    await user.click(screen.getByRole('button', { name: day(12).format('D MMMM YYYY') }));

    await waitFor(() => expect(router.state.location.search).toBe(`?from=${day(10).format('YYYY-MM-DD')}&to=${day(12).format('YYYY-MM-DD')}`));
    await waitFor(() => expect(statsRequests()).toHaveLength(2));
    expect(new Date(statsRequests()[1]!.searchParams.get('from')!)).toEqual(day(10).toDate());
    expect(new Date(statsRequests()[1]!.searchParams.get('to')!)).toEqual(day(13).toDate());

    // Back to a rolling window: the calendar goes away.
    await user.click(screen.getByRole('radio', { name: '90 days' }));
    expect(router.state.location.search).toBe('?period=90d');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Custom period' })).not.toBeInTheDocument());
  });

  it('shows skeletons while the first figures load', async () => {
    const { statsRequests } = stubApi({ stats: [() => new Promise<never>(() => undefined)] });
    renderApp('/dashboard');

    await waitFor(() => expect(statsRequests()).toHaveLength(1));
    expect(await screen.findByRole('status')).toHaveTextContent('Loading the figures');
    expect(await card('Unread')).not.toHaveTextContent(/\d/);
    expect(screen.queryByTestId('kpi-value')).not.toBeInTheDocument();
  });

  it('updates the figures when the stats are invalidated, as live updates do, without remounting', async () => {
    stubApi({
      stats: [
        () => jsonResponse(statsAnswer()),
        () => jsonResponse(statsAnswer({ byStatus: { ...statsAnswer().byStatus, unread: 18 }, velocity: { ...statsAnswer().velocity, last24h: 6 } })),
      ],
    });
    const { queryClient } = renderApp('/dashboard');
    await waitFor(() => expect(screen.getByRole('region', { name: 'Unread' })).toHaveTextContent('17'));
    const unread = screen.getByRole('region', { name: 'Unread' });

    // The refetch renders the page: inside act(), so the update is applied before the next assertion.
    await act(() => queryClient.invalidateQueries({ queryKey: ['leads', 'stats'] }));

    await waitFor(() => expect(unread).toHaveTextContent('18'));
    expect(await card('New in 24 h')).toHaveTextContent('6+50%');
    expect(unread).toBeInTheDocument();
  });

  it('shows an error with a Retry that asks again', async () => {
    const { statsRequests } = stubApi({
      stats: [() => problemResponse(429, { title: 'Too Many Requests', detail: 'Slow down', code: 'rate_limited', requestId: 'req-7' }), () => jsonResponse(statsAnswer())],
    });
    const { user } = renderApp('/dashboard');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The figures could not be loaded');
    expect(alert).toHaveTextContent('Slow down (request req-7)');
    expect(screen.queryByRole('region', { name: 'Unread' })).not.toBeInTheDocument();

    await user.click(within(alert).getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(screen.getByRole('region', { name: 'Unread' })).toHaveTextContent('17'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(statsRequests()).toHaveLength(2);
  });

  it('keeps the last figures when a refresh fails, and says so', async () => {
    stubApi({ stats: [() => jsonResponse(statsAnswer()), () => problemResponse(429, { title: 'Too Many Requests', code: 'rate_limited' })] });
    const { queryClient } = renderApp('/dashboard');
    await waitFor(() => expect(screen.getByRole('region', { name: 'Unread' })).toHaveTextContent('17'));

    await act(() => queryClient.invalidateQueries({ queryKey: ['leads', 'stats'] }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/Showing older figures.*the latest refresh failed/);
    expect(screen.getByRole('region', { name: 'Unread' })).toHaveTextContent('17');
  });

  it('welcomes a workspace without any lead instead of showing zeros', async () => {
    const { fetchMock } = stubApi({ stats: [() => jsonResponse(EMPTY_STATS)], leads: () => jsonResponse(leadPage(0)) });
    renderApp('/dashboard');

    expect(await screen.findByRole('heading', { level: 2, name: 'No leads yet' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Set up a form' })).toHaveAttribute('href', '/forms');
    expect(screen.queryByRole('region', { name: 'Unread' })).not.toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: '7 days' })).not.toBeInTheDocument();
    const probe = fetchMock.mock.calls.map(([input]) => new URL(requestedUrl(input))).find((url) => url.pathname === '/api/v1/leads');
    expect(probe?.searchParams.get('limit')).toBe('1');
  });

  it('shows zeros and empty charts for a quiet period of a workspace that has leads', async () => {
    stubApi({ stats: [() => jsonResponse(EMPTY_STATS)], leads: () => jsonResponse(leadPage(1)) });
    renderApp('/dashboard?period=24h');

    await waitFor(() => expect(screen.getByRole('region', { name: 'Unread' })).toHaveTextContent('0of 0 leads created in the last 24 hours'));
    expect(await card('New in 24 h')).toHaveTextContent('0No change');
    expect(await card('Conversion rate')).toHaveTextContent('n/aNo leads created in the last 24 hours');
    expect(await card('Time to first contact')).toHaveTextContent('n/aNo lead contacted yet');
    expect(await card('Open SLA breaches')).toHaveTextContent('0Nobody is waiting too long');
    expect(await card('Open SLA breaches')).not.toHaveAttribute('data-alert');
    expect(await card('Leads per day')).toHaveTextContent('No leads were created in the last 24 hours.');
    expect(screen.queryByText('No leads yet')).not.toBeInTheDocument();
  });

  it('shows the 403 screen, and asks for nothing, without leads:read', async () => {
    const { fetchMock } = stubApi({ stats: [() => jsonResponse(statsAnswer())] });
    renderApp('/dashboard', { user: testUser(['forms:manage']) });

    expect(await screen.findByRole('heading', { level: 1, name: "You don't have access to this page" })).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
