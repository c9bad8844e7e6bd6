import { randomUUID } from 'node:crypto';
import { createApiClient, type ApiClient, type Schemas } from '@hotleads/api-client';
import type { LeadStatus } from '@hotleads/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { settledBoxes } from './support/layout';
import { collectPageErrors, screenshot, useTheme } from './support/page';
import { apiAs, createUser, signInWithPage } from './support/session';

type Lead = Schemas['LeadDto'];
type LeadStats = Schemas['LeadStatsDto'];

// Less than the 30 s polling interval: only the live stream can deliver a change this fast.
const LIVE_TIMEOUT_MS = 15_000;

async function createLead(api: ApiClient, body: Schemas['CreateLeadDto']): Promise<Lead> {
  const { data, error } = await api.POST('/api/v1/leads', { params: { header: { 'Idempotency-Key': randomUUID() } }, body });
  if (!data || !('id' in data)) throw new Error(`Creating a lead failed: ${JSON.stringify(error ?? data)}`);
  return data;
}

// Walks a lead along the lifecycle, one allowed step at a time.
async function moveLead(api: ApiClient, lead: Lead, statuses: LeadStatus[]): Promise<Lead> {
  let current = lead;
  for (const status of statuses) {
    const { data, error } = await api.PATCH('/api/v1/leads/{id}', {
      params: { path: { id: current.id }, header: { 'If-Match': `"${current.version}"` } },
      body: { status },
    });
    if (!data) throw new Error(`Moving lead ${current.id} to ${status} failed: ${JSON.stringify(error)}`);
    current = data;
  }
  return current;
}

async function logCall(api: ApiClient, lead: Lead): Promise<void> {
  const { data, error } = await api.POST('/api/v1/leads/{id}/activities', { params: { path: { id: lead.id } }, body: { channel: 'call', outcome: 'reached' } });
  if (!data) throw new Error(`Logging a call failed: ${JSON.stringify(error)}`);
}

async function statsNow(api: ApiClient): Promise<LeadStats> {
  const { data, error } = await api.GET('/api/v1/leads/stats');
  if (!data) throw new Error(`Reading the stats failed: ${JSON.stringify(error)}`);
  return data;
}

let sequence = 0;
const person = (source: string): Schemas['CreateLeadDto'] => {
  sequence += 1;
  return { name: `Dana Example ${sequence}`, email: `dana.${sequence}.${Date.now()}@example.test`, source, subject: 'Pricing for 40 seats' };
};

// A small but realistic mix: three sources, a lead at each stage, one archived.
async function seedLeads(api: ApiClient): Promise<void> {
  const sources = ['form', 'form', 'form', 'api', 'api', 'hubspot', 'form'];
  const leads = [];
  for (const source of sources) leads.push(await createLead(api, person(source)));
  const [won, qualified, contacted, processing, archived] = leads;
  await moveLead(api, won!, ['processing', 'contacted', 'qualified', 'converted']);
  await moveLead(api, qualified!, ['processing', 'contacted', 'qualified']);
  await moveLead(api, contacted!, ['processing', 'contacted']);
  await moveLead(api, processing!, ['processing']);
  await moveLead(api, archived!, ['archived']);
  // Logged after the moves: a call changes the lead, so an earlier one would make the moves' If-Match stale.
  for (const lead of [won!, qualified!, contacted!]) await logCall(api, lead);
}

// The big number of a KPI card, e.g. "12".
const kpiValue = (page: Page, card: string) => page.getByRole('region', { name: card }).getByTestId('kpi-value').textContent();

describe.skipIf(!chromiumAvailable())('Dashboard in Chromium', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let owner: ApiClient;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // Sign-up on: one case needs a brand new workspace of its own.
    [server, browser] = await Promise.all([startApi({ env: { ALLOW_SIGNUP: 'true' } }), launchChromium()]);
    ({ api: owner } = await apiAs(server.baseUrl));
  });

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('shows the KPI cards of leads created through the API and follows a new lead live, without a reload', async () => {
    const errors = collectPageErrors(page);
    const before = await statsNow(owner);
    await seedLeads(owner);

    await signInWithPage(page, server!.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await page.title()).toBe('Dashboard · Hot Leads');
    // Seven leads: four moved on, one archived, two still unread.
    await expect.poll(() => kpiValue(page, 'Unread')).toBe(String((before.byStatus.unread ?? 0) + 2));
    expect(await kpiValue(page, 'New in 24 h')).toBe(String(before.velocity.last24h + 7));
    const after = await statsNow(owner);
    expect(after.total).toBe(before.total + 7);
    expect(await page.getByRole('region', { name: 'Conversion rate' }).textContent()).toContain(`${after.byStatus.converted} of ${after.total} converted`);
    expect(await kpiValue(page, 'Open SLA breaches')).toBe(String(after.openSlaBreaches));
    expect(await page.getByRole('region', { name: 'Unread' }).getByRole('link').getAttribute('href')).toMatch(/^\/leads\?status=unread&createdFrom=/);
    // Both charts are drawn once their chunk arrives.
    await page.getByRole('img', { name: /leads created per day, by source/ }).locator('svg.recharts-surface').first().waitFor();
    await page.getByRole('img', { name: /leads that reached each status/ }).locator('svg.recharts-surface').first().waitFor();

    // A lead arriving while the page is open shows up by itself. The stream is up ("Live" in the header), so
    // nothing polls: the change must come through the live stream, well within one polling interval.
    await page.getByRole('banner').getByText('Live', { exact: true }).waitFor();
    await page.evaluate(() => {
      (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
    });
    const unread = Number(await kpiValue(page, 'Unread'));
    const last24h = Number(await kpiValue(page, 'New in 24 h'));
    await createLead(owner, person('form'));

    await expect.poll(() => kpiValue(page, 'Unread'), { timeout: LIVE_TIMEOUT_MS, interval: 500 }).toBe(String(unread + 1));
    expect(await kpiValue(page, 'New in 24 h')).toBe(String(last24h + 1));
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("shows the per-rep table with the API's numbers, and the stated conversion definition", async () => {
    const agent = await createUser(server!.baseUrl, owner, 'agent', 'Rita Rep');
    const leads = [];
    for (const source of ['form', 'api', 'form']) leads.push(await createLead(owner, person(source)));
    for (const lead of leads) {
      const { error } = await owner.PATCH('/api/v1/leads/{id}', {
        params: { path: { id: lead.id }, header: { 'If-Match': `"${lead.version}"` } },
        body: { assigneeId: agent.id },
      });
      if (error) throw new Error(`Assigning failed: ${JSON.stringify(error)}`);
    }

    await signInWithPage(page, server!.baseUrl);
    const table = page.getByRole('region', { name: 'Per rep' }).getByRole('table', { name: 'Numbers per rep' });
    await table.waitFor();
    const { data: reps, error } = await owner.GET('/api/v1/leads/stats/by-assignee');
    if (!reps) throw new Error(`Reading the per-rep stats failed: ${JSON.stringify(error)}`);
    expect(reps.rows.find((r) => r.assigneeId === agent.id)).toMatchObject({ name: 'Rita Rep', assigned: 3 });
    const shown = await table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({ id: row.getAttribute('data-assignee'), cells: [...row.querySelectorAll('th, td')].map((cell) => cell.textContent) })),
    );
    // Same rows, same order, same figures (as the dashboard writes them).
    expect(shown.map((r) => r.id)).toEqual(reps.rows.map((r) => r.assigneeId));
    for (const [i, row] of reps.rows.entries()) {
      expect(shown[i]!.cells.slice(0, 3)).toEqual([row.name, String(row.assigned), String(row.contacted)]);
      expect(shown[i]!.cells[4]).toBe(String(row.slaBreaches));
      expect(shown[i]!.cells[5]).toBe(String(row.conversions));
    }
    expect(await page.getByRole('region', { name: 'Conversion rate' }).textContent()).toContain('Converted ÷ leads created in the period');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('keeps the period in the URL and looks right in light, dark and on a phone, accessibly', async () => {
    await createLead(owner, person('api'));
    await signInWithPage(page, server!.baseUrl);
    await page.getByRole('region', { name: 'Unread' }).getByTestId('kpi-value').waitFor();

    // The segmented control's radios sit under their labels: click the label, as a user does.
    await page.locator('label').filter({ hasText: /^7 days$/ }).click();
    await page.waitForURL((url) => url.searchParams.get('period') === '7d');
    await page.getByText(/^Leads created in the last 7 days · updated \d/).waitFor();
    expect(await page.getByRole('radio', { name: '7 days' }).isChecked()).toBe(true);
    await page.getByRole('img', { name: /leads created per day, by source/ }).locator('.recharts-bar-rectangle path').first().waitFor();

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-light');

    await useTheme(page, 'dark');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-dark');

    // A shared link to a custom range opens on it.
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`${server!.baseUrl}/dashboard?from=2026-01-01&to=${today}`);
    await page.getByRole('region', { name: 'Unread' }).getByTestId('kpi-value').waitFor();
    expect(await page.getByRole('radio', { name: 'Custom' }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Custom period' }).textContent()).toMatch(/^Jan 1, 2026 – /);
    await page.locator('label').filter({ hasText: /^24 h$/ }).click();
    await page.waitForURL((url) => url.searchParams.get('period') === '24h' && !url.searchParams.has('from'));

    // On a phone the cards stack in one column.
    await page.setViewportSize({ width: 390, height: 844 });
    await useTheme(page, 'light');
    await page.locator('label').filter({ hasText: /^30 days$/ }).click();
    await page.waitForURL((url) => url.searchParams.get('period') === '30d');
    await page.getByRole('img', { name: /leads that reached each status/ }).locator('.recharts-bar-rectangle path').first().waitFor();
    // Measured together once the reflow is over: the navbar slides away and the grid changes columns over
    // several frames, and two boxes from different frames once put the second card above the first.
    const [unreadBox, newBox] = await settledBoxes(page, [page.getByRole('region', { name: 'Unread' }), page.getByRole('region', { name: 'New in 24 h' })]);
    expect(newBox!.x).toBe(unreadBox!.x);
    expect(newBox!.y).toBeGreaterThan(unreadBox!.y + unreadBox!.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-phone');
  });

  it('welcomes a brand new workspace with how to get leads in', async () => {
    const credentials = { email: `founder-${Date.now()}@e2e.hotleads.test`, password: 'Copper-kettle-orchard-71!' };
    const { error } = await createApiClient({ baseUrl: server!.baseUrl }).POST('/api/v1/auth/signup', {
      body: { ...credentials, name: 'Fran Founder', tenantName: 'Fresh Start Ltd' },
    });
    expect(error).toBeUndefined();

    await signInWithPage(page, server!.baseUrl, credentials);
    await page.getByRole('heading', { level: 2, name: 'No leads yet' }).waitFor();
    expect(await page.getByRole('region', { name: 'Unread' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Set up a form' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-empty');
  });
});
