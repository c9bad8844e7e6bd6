import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// The API's own fake Acuity (written from the provider reference), shared rather than copied.
import { FakeAcuity, fakeAppointment } from '../../api/test/support/fake-acuity';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot, useTheme as switchTheme } from './support/page';
import { apiAs, signInWithPage } from './support/session';

const run = promisify(execFile);

const ACUITY_USER = '123456';
const ACUITY_KEY = 'e2eAcuityKey0123456789abcdef';
const FORM = 'application/x-www-form-urlencoded';

// As Acuity signs (shared/reference/providers.md): base64 HMAC-SHA256 of the raw body, keyed with the API key.
const acuitySignature = (apiKey: string, body: string) => createHmac('sha256', apiKey).update(body, 'utf8').digest('base64');

// The live-event stream is left out: the app reconnects it by design when a stream ends.
const appErrors = (page: Page) => collectPageErrors(page);

async function toastGone(page: Page, title: string): Promise<void> {
  const toast = page.getByText(title, { exact: true });
  await toast.waitFor();
  await page.mouse.move(0, 0);
  await toast.waitFor({ state: 'detached', timeout: 10_000 });
}

describe.skipIf(!chromiumAvailable())('Integrations in Chromium', () => {
  let api: ApiServer | undefined;
  let browser: Browser | undefined;
  const acuity = new FakeAcuity();
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await acuity.start();
    acuity.addAccount(ACUITY_USER, ACUITY_KEY);
    acuity.addAppointment(fakeAppointment(5001, { firstName: 'Grace', lastName: 'Hopper', type: 'Discovery call', calendar: 'Sales team', datetime: '2026-12-08T09:30:00-0500' }));
    acuity.addAppointment(fakeAppointment(5002, { firstName: 'Alan', lastName: 'Turing', type: 'Follow-up', calendar: 'Sales team' }));
    // A failed delivery's automatic retry waits an hour: the test replays it by hand instead.
    [api, browser] = await Promise.all([startApi({ env: { ACUITY_BASE_URL: acuity.baseUrl, WEBHOOK_RETRY_DELAY_SECONDS: '3600' } }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await acuity.close();
    if (api) expect(await api.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  // Acuity posts the appointment's action and id, form-encoded, signed with the account's API key.
  const acuityWebhook = (webhookUrl: string, action: string, id: number) => {
    const body = new URLSearchParams({ action, id: String(id), calendarID: '27238', appointmentTypeID: '1' }).toString();
    return fetch(webhookUrl, { method: 'POST', headers: { 'content-type': FORM, 'x-acuity-signature': acuitySignature(ACUITY_KEY, body) }, body });
  };

  it('connects Acuity, shows its leads and deliveries live, and replays a failed delivery once Acuity is back', async () => {
    const baseUrl = api!.baseUrl;
    const errors = appErrors(page);
    await signInWithPage(page, baseUrl, undefined, '/integrations');
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    expect(await page.title()).toBe('Integrations · Hot Leads');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Integrations' }).waitFor();

    await page.getByRole('button', { name: 'Connect Acuity' }).click();
    const form = page.getByRole('dialog', { name: 'Connect Acuity Scheduling' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Acuity: sales');
    await form.getByRole('textbox', { name: 'User ID' }).fill(ACUITY_USER);
    await form.getByLabel('API key').fill(ACUITY_KEY);
    await form.getByRole('button', { name: 'Connect' }).click();

    const connected = page.getByRole('dialog', { name: 'Acuity is connected' });
    await connected.getByRole('button', { name: 'Test the connection' }).click();
    await connected.getByText('Acuity accepted the credentials').waitFor();
    expect(acuity.requests.some((r) => r.path === '/api/v1/me' && r.user === ACUITY_USER)).toBe(true);
    const webhookUrl = await connected.getByRole('textbox', { name: 'Webhook URL' }).inputValue();
    expect(webhookUrl).toMatch(new RegExp(`^${baseUrl}/api/v1/webhooks/[0-9a-f-]{36}$`));
    await toastGone(page, 'Acuity connected');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'integrations-acuity-connected');
    await connected.getByRole('link', { name: 'Open the connection' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acuity: sales' }).waitFor();
    await page.getByText(/No deliveries yet/).waitFor();

    // The leads page is open in another tab while Acuity posts.
    const leadsPage = await context.newPage();
    const leadsErrors = appErrors(leadsPage);
    await leadsPage.goto(`${baseUrl}/leads`);
    await leadsPage.getByRole('banner').getByText('Live', { exact: true }).waitFor();
    await page.getByRole('banner').getByText('Live', { exact: true }).waitFor();

    const first = await acuityWebhook(webhookUrl, 'scheduled', 5001);
    expect(first.status).toBe(200);
    // The list was empty, so the new lead is shown straight away (no "new leads — show" pill), without a reload.
    await leadsPage.getByRole('table', { name: 'Leads' }).getByRole('link', { name: 'Grace Hopper', exact: true }).waitFor();

    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    const rows = deliveries.getByRole('row');
    await expect.poll(async () => (await rows.nth(1).textContent()) ?? '').toContain('Processed');
    expect(await rows.nth(1).textContent()).toContain('scheduled');

    // Acuity fails: the delivery is acknowledged, then its processing fails and the table says so.
    acuity.failNext(500);
    const second = await acuityWebhook(webhookUrl, 'scheduled', 5002);
    expect(second.status).toBe(200);
    await expect.poll(async () => (await rows.nth(1).textContent()) ?? '').toContain('Failed');
    const failed = rows.nth(1);
    expect(await failed.textContent()).toMatch(/500/);
    expect(await rows.count()).toBe(3);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'integration-connection-failed');

    // Acuity is back: replay from the drawer, and the delivery becomes processed without a reload.
    await failed.getByRole('button').first().click();
    const drawer = page.getByRole('dialog', { name: 'Delivery' });
    await expect.poll(() => drawer.locator('.mantine-Badge-root').first().textContent()).toBe('Failed');
    await drawer.getByRole('table', { name: 'Headers' }).getByText('x-acuity-signature').waitFor();
    expect(await drawer.getByLabel('Body').textContent()).toContain('id = 5002');
    await drawer.getByRole('button', { name: 'Replay' }).click();
    // Its state badge (not the "Processed" time row) turns, live.
    await expect.poll(() => drawer.locator('.mantine-Badge-root').first().textContent()).toBe('Processed');
    await expect.poll(async () => (await rows.nth(1).textContent()) ?? '').toContain('Processed');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'integration-delivery-drawer');

    // The lead says where it came from.
    await drawer.getByRole('link', { name: 'Open the lead' }).click();
    const appointment = page.getByRole('region', { name: /Acuity appointment/ });
    await appointment.waitFor();
    expect(await appointment.textContent()).toContain('Follow-up');
    expect(await appointment.textContent()).toContain('Sales team');
    expect(await appointment.textContent()).toContain('10:15 (UTC−07:00)');

    expect(errors).toEqual([]);
    expect(leadsErrors).toEqual([]);
  });

  it('creates a generic webhook source whose Node example, run as shown, delivers a lead', async () => {
    const baseUrl = api!.baseUrl;
    const errors = appErrors(page);
    await signInWithPage(page, baseUrl, undefined, '/integrations');
    await page.getByRole('button', { name: 'Create a webhook source' }).click();
    const form = page.getByRole('dialog', { name: 'New webhook source' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Own website');
    await form.getByRole('button', { name: 'Create source' }).click();

    const shown = page.getByRole('dialog', { name: 'Copy your signing secret' });
    // Waited for at once: the toast closes by itself, and running the example below takes a while.
    await toastGone(page, 'Webhook source created');
    const secret = await shown.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shown.getByText('you will not see it again').waitFor();
    await shown.getByRole('tab', { name: 'Node.js' }).click();
    const snippet = (await shown.getByRole('tabpanel').locator('pre').textContent()) ?? '';
    expect(snippet).toContain(secret);
    const dir = await mkdtemp(join(tmpdir(), 'hotleads-example-'));
    try {
      await writeFile(join(dir, 'send-lead.mjs'), snippet);
      const { stdout } = await run(process.execPath, [join(dir, 'send-lead.mjs')]);
      expect(stdout).toMatch(/^200 /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await screenshot(page, 'integrations-webhook-secret');
    await shown.getByRole('button', { name: 'I have stored the secret' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    // The lead is stored from the example's body.
    const { api: owner } = await apiAs(baseUrl);
    await expect.poll(async () => (await owner.GET('/api/v1/leads', { params: { query: { q: 'Ada Lovelace' } } })).data?.data.length ?? 0).toBe(1);
    expect(errors).toEqual([]);
  });

  it('looks right in light and dark, on a desktop and a phone', async () => {
    const baseUrl = api!.baseUrl;
    const { api: owner } = await apiAs(baseUrl);
    const { data: connections } = await owner.GET('/api/v1/integrations/connections');
    const acuityConnection = connections!.find((c) => c.provider === 'acuity')!;
    await signInWithPage(page, baseUrl, undefined, '/integrations');
    for (const [width, height, device] of [
      [1280, 800, 'desktop'],
      [390, 844, 'phone'],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.goto(`${baseUrl}/integrations`);
        await page.getByRole('region', { name: 'Acuity Scheduling' }).getByRole('link', { name: 'Acuity: sales' }).waitFor();
        await switchTheme(page, scheme);
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await screenshot(page, `integrations-${device}-${scheme}`);
        await page.goto(`${baseUrl}/integrations/${acuityConnection.id}`);
        await page.getByRole('table', { name: 'Deliveries' }).waitFor();
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await screenshot(page, `integration-connection-${device}-${scheme}`);
        // Nothing wider than the screen but the table's own scroll box.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      }
    }
  });
});
