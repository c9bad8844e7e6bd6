import { randomUUID } from 'node:crypto';
import type { ApiClient } from '@hotleads/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot, useTheme } from './support/page';
import { apiAs, createUser, signInWithPage, type Credentials } from './support/session';

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
// My day counts "today" in the browser's time zone. A fixed zone would put "in two hours" into tomorrow for
// two hours of every day (the test failed at 22:30 UTC), so the browser gets the whole-hour zone in which it
// is about eight in the morning now: two hours later is still today, three hours earlier still overdue.
function morningZone(now = new Date()): string {
  const offset = ((8 - now.getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe.skipIf(!chromiumAvailable())("A sales agent's day in Chromium", () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let owner: ApiClient;
  let agent: Credentials & { id: string };
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const baseUrl = () => server!.baseUrl;

  // A lead assigned to the agent, with a follow-up when given (set as staff do, after intake).
  async function assignedLead(name: string, followUpAt: string | null, priority: 'low' | 'medium' = 'low'): Promise<string> {
    const created = await owner.POST('/api/v1/leads', { body: { name, email: `${randomUUID().slice(0, 8)}@day.e2e.test`, priority, source: 'e2e' } });
    if (!created.data || !('id' in created.data)) throw new Error(`create failed: ${JSON.stringify(created.error ?? created.data)}`);
    const id = created.data.id;
    const updated = await owner.PATCH('/api/v1/leads/{id}', { params: { path: { id } }, body: { assigneeId: agent.id, ...(followUpAt ? { followUpAt } : {}) } });
    if (!updated.data) throw new Error(`assign failed: ${JSON.stringify(updated.error)}`);
    return id;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApi({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } }), launchChromium()]);
    owner = (await apiAs(server.baseUrl)).api;
    agent = await createUser(server.baseUrl, owner, 'agent', 'Avery Agent');
  });

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light', timezoneId: morningZone() });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context.close();
  });

  it("lands an agent on My day with the overdue follow-up first, and a logged call's next follow-up takes it off the overdue list", async () => {
    await assignedLead('Uma Unread', null, 'low');
    await assignedLead('Tara Today', at(2 * HOUR));
    const overdue = await assignedLead('Otto Overdue', at(-3 * HOUR));

    await signInWithPage(page, baseUrl(), agent, '/');
    await page.waitForURL('**/my-day', { timeout: 10_000 }).catch(() => {
      throw new Error(`landed on ${page.url()}`);
    });
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    expect(await page.title()).toBe('My day · Hot Leads');
    const sections = page.getByRole('region');
    await sections.first().getByRole('link', { name: 'Otto Overdue' }).waitFor();
    expect(await sections.first().getByRole('heading', { level: 2 }).textContent()).toBe('Overdue follow-ups (1)');
    expect(await sections.first().textContent()).toContain('Follow-up was due 3h ago');
    expect(await sections.nth(1).getByRole('link').first().textContent()).toBe('Tara Today');
    expect(await sections.nth(2).getByRole('link').first().textContent()).toBe('Uma Unread');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'my-day-light');
    await useTheme(page, 'dark');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'my-day-dark');
    await useTheme(page, 'light');

    // Log the call from the lead's panel, choosing the next follow-up in the same step.
    await sections.first().getByRole('link', { name: 'Otto Overdue' }).click();
    await page.waitForURL(`**/leads/${overdue}`);
    await page.getByRole('tab', { name: 'Log contact' }).click();
    const activity = page.getByRole('form', { name: 'Log an activity' });
    await activity.getByRole('textbox', { name: 'Outcome' }).fill('Voicemail');
    await activity.getByLabel('Next follow-up').click();
    await page.getByRole('option', { name: 'In 3 days' }).click();
    await activity.getByRole('button', { name: 'Log call' }).click();
    await expect.poll(async () => (await owner.GET('/api/v1/leads/{id}', { params: { path: { id: overdue } } })).data?.followUpAt ?? null, { timeout: 10_000 }).not.toBeNull();
    const lead = (await owner.GET('/api/v1/leads/{id}', { params: { path: { id: overdue } } })).data!;
    const inDays = (Date.parse(lead.followUpAt!) - Date.now()) / (24 * HOUR);
    expect(inDays).toBeGreaterThan(2);
    expect(inDays).toBeLessThan(4);
    expect(lead.firstContactedAt).not.toBeNull();

    await page.goto(`${baseUrl()}/my-day`);
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    await page.getByRole('link', { name: 'Tara Today' }).waitFor();
    // No follow-up is late any more; the lead itself is still unread (its status was not moved).
    expect(await page.getByRole('heading', { level: 2, name: /^Overdue follow-ups/ }).count()).toBe(0);
    expect(await page.getByRole('region', { name: /^New leads assigned to you/ }).getByRole('link', { name: 'Otto Overdue' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
