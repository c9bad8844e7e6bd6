import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// The API's own fake Zoho CRM (written from the provider reference), shared rather than copied.
import { FakeZoho, type FakeZohoLead } from '../../api/test/support/fake-zoho';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot } from './support/page';
import { apiAs, signInWithPage } from './support/session';

const HOUR = 3_600_000;

interface RunRow {
  stream: string;
  trigger: string;
  status: string;
  counts: Record<string, number>;
}

// The runs table as data: one entry per run row (a run's error row has fewer cells and is skipped).
function runRows(page: Page): Promise<RunRow[]> {
  return page
    .getByRole('table', { name: 'Sync runs' })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows
        .filter((row) => row.querySelectorAll('[data-count]').length > 0)
        .map((row) => {
          const cells = [...row.children].map((cell) => (cell.textContent ?? '').trim());
          const counts: Record<string, number> = {};
          for (const cell of row.querySelectorAll<HTMLElement>('[data-count]')) counts[cell.dataset.count ?? ''] = Number((cell.textContent ?? '').replace(/\D/g, ''));
          return { stream: cells[1] ?? '', trigger: cells[2] ?? '', status: cells[3] ?? '', counts };
        }),
    );
}

async function toastGone(page: Page, title: string): Promise<void> {
  const toast = page.getByText(title, { exact: true });
  await toast.waitFor();
  await page.mouse.move(0, 0);
  await toast.waitFor({ state: 'detached', timeout: 10_000 });
}

describe.skipIf(!chromiumAvailable())('Zoho CRM sync in Chromium', () => {
  let api: ApiServer | undefined;
  let browser: Browser | undefined;
  const zoho = new FakeZoho();
  let context: BrowserContext;
  let page: Page;
  let leads: FakeZohoLead[] = [];

  beforeAll(async () => {
    await zoho.start();
    const base = Date.now() - 2 * HOUR;
    leads = [
      ...zoho.addLeads(1, base, 1000, { First_Name: 'Grace', Last_Name: 'Hopper', Email: 'grace.hopper@zoho-fake.example', Company: 'Navy Labs' }),
      ...zoho.addLeads(1, base + 1000, 1000, { First_Name: 'Alan', Last_Name: 'Turing', Email: 'alan.turing@zoho-fake.example', Company: 'Bletchley' }),
      ...zoho.addLeads(1, base + 2000, 1000, { First_Name: 'Ada', Last_Name: 'Lovelace', Email: 'ada.lovelace@zoho-fake.example', Company: 'Engines Ltd' }),
    ];
    [api, browser] = await Promise.all([
      startApi({ env: { ZOHO_ACCOUNTS_URL: zoho.baseUrl, ZOHO_API_URL: zoho.baseUrl, SYNC_RETRY_BASE_MS: '10', PROVIDER_TIMEOUT_MS: '5000' } }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await zoho.close();
    if (api) expect(await api.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('connects Zoho after testing the credentials, syncs its leads on demand, and picks up a change made in Zoho', async () => {
    const baseUrl = api!.baseUrl;
    const errors = collectPageErrors(page);
    const client = zoho.addClient();
    await signInWithPage(page, baseUrl, undefined, '/integrations');
    const card = page.getByRole('region', { name: 'Zoho CRM' });
    await card.getByText('Not connected').waitFor();
    await card.getByRole('button', { name: 'Connect Zoho CRM' }).click();

    const form = page.getByRole('dialog', { name: 'Connect Zoho CRM' });
    // Test with nothing filled in: each field says what it needs, and Zoho is not called.
    await form.getByRole('button', { name: 'Test' }).click();
    await form.getByText('Paste the client id').waitFor();
    await form.getByText('Choose the data centre').waitFor();
    expect(zoho.tokenRequests).toBe(0);
    await form.getByText('ZohoCRM.modules.leads.ALL').waitFor();

    await form.getByRole('combobox', { name: 'Data centre' }).click();
    await page.getByRole('option', { name: 'Europe (zoho.eu)' }).click();
    await form.getByRole('textbox', { name: 'Client ID' }).fill(client.clientId);
    await form.getByLabel('Client secret').fill(client.clientSecret);
    await form.getByLabel('Refresh token').fill('1000.this-refresh-token-zoho-never-issued');
    await form.getByRole('button', { name: 'Test' }).click();
    await form.getByText('The test failed').waitFor();
    await form.getByText(/Zoho refused the refresh token/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await form.getByLabel('Refresh token').fill(client.refreshToken);
    await form.getByRole('button', { name: 'Test' }).click();
    await form.getByText('The credentials work').waitFor();
    await form.getByText('Connected to Zoho CRM').waitFor();
    await screenshot(page, 'sync-zoho-connect');
    await form.getByRole('button', { name: 'Connect' }).click();

    // The new connection's page: pause its schedule so only this test's Sync now runs it.
    await page.getByRole('heading', { level: 1, name: 'Zoho CRM' }).waitFor();
    await toastGone(page, 'Zoho CRM connected');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.getByText('Paused: it runs only when you press Sync now.').waitFor();
    await toastGone(page, 'Schedule paused');

    await page.getByRole('button', { name: 'Sync now' }).click();
    // The table refreshes itself until the run has finished.
    await expect
      .poll(async () => (await runRows(page)).find((r) => r.stream === 'Leads' && r.trigger === 'Sync now' && r.status === 'Succeeded')?.counts.fetched, { timeout: 60_000, interval: 500 })
      .toBe(3);
    const firstRuns = await runRows(page);
    const manual = firstRuns.find((r) => r.stream === 'Leads' && r.trigger === 'Sync now')!;
    expect(manual.counts).toMatchObject({ fetched: 3, failed: 0, deleted: 0 });
    // A scheduled tick may have run in the second before the pause; either way three leads were created once.
    expect(firstRuns.filter((r) => r.stream === 'Leads').reduce((sum, r) => sum + r.counts.created, 0)).toBe(3);
    expect(firstRuns.some((r) => r.stream === 'Deleted leads' && r.status === 'Succeeded')).toBe(true);
    await toastGone(page, 'Sync queued');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sync-zoho-runs');

    // The leads are there, and one of them says where it came from.
    const leadsPage = await context.newPage();
    const leadsErrors = collectPageErrors(leadsPage);
    await leadsPage.goto(`${baseUrl}/leads`);
    const table = leadsPage.getByRole('table', { name: 'Leads' });
    for (const name of ['Grace Hopper', 'Alan Turing', 'Ada Lovelace']) await table.getByRole('link', { name, exact: true }).waitFor();
    await table.getByRole('link', { name: 'Grace Hopper', exact: true }).click();
    const origin = leadsPage.getByRole('region', { name: 'From Zoho CRM' });
    await origin.waitFor();
    expect(await origin.textContent()).toContain(leads[0].id);
    expect(await origin.textContent()).toContain('Patricia Boyle');
    expect(await seriousAccessibilityViolations(leadsPage)).toEqual([]);

    // Changed in Zoho: the next run updates the same lead.
    zoho.update(leads[1].id, { Company: 'Turing Machines Ltd' });
    const before = (await runRows(page)).length;
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(async () => {
        const rows = await runRows(page);
        return rows.length > before && rows[0]?.status !== 'Running' ? rows.find((r) => r.stream === 'Leads')?.counts : undefined;
      }, { timeout: 60_000, interval: 500 })
      .toMatchObject({ updated: 1, created: 0, failed: 0 });
    await leadsPage.goto(`${baseUrl}/leads`);
    const turing = leadsPage.getByRole('table', { name: 'Leads' }).getByRole('row').filter({ hasText: 'Alan Turing' });
    await turing.getByText(/Turing Machines Ltd/).waitFor();
    const { api: owner } = await apiAs(baseUrl);
    const found = await owner.GET('/api/v1/leads', { params: { query: { q: 'alan.turing@zoho-fake.example' } } });
    expect(found.data?.data.map((l) => l.company)).toEqual(['Turing Machines Ltd']);

    // Full resync asks first and says what it does; it reads all three again and changes nothing.
    await page.getByRole('button', { name: 'Full resync' }).click();
    const confirm = page.getByRole('dialog', { name: 'Read everything again?' });
    await confirm.getByText(/reads every record from Zoho CRM again/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Start the full resync' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await runRows(page)).find((r) => r.stream === 'Leads' && r.trigger === 'Full resync' && r.status === 'Succeeded')?.counts, { timeout: 60_000, interval: 500 })
      .toMatchObject({ fetched: 3, unchanged: 3, created: 0, updated: 0 });

    expect(errors).toEqual([]);
    expect(leadsErrors).toEqual([]);
  });
});
