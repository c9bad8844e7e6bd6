import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiClient } from '@hotleads/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot } from './support/page';
import { apiAs, signInWithPage } from './support/session';

// Shorter than the polling fallback: only the live stream moves the bell this fast.
const LIVE_TIMEOUT_MS = 15_000;

describe.skipIf(!chromiumAvailable())('Notifications in Chromium', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let owner: ApiClient;
  let ownerId: string;
  let slack: Server;
  const slackPosts: string[] = [];
  let slackUrl: string;
  let context: BrowserContext;
  let page: Page;

  const bellLabel = () => page.getByRole('banner').getByRole('button', { name: /^Notifications/ }).getAttribute('aria-label');

  beforeAll(async () => {
    // A Slack incoming webhook on this machine (allowed by WEBHOOKS_ALLOW_PRIVATE_NETWORKS).
    slack = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        slackPosts.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
    slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T0/B0/secret`;
    [server, browser] = await Promise.all([startApi({ env: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' } }), launchChromium()]);
    ({ api: owner } = await apiAs(server.baseUrl));
    const me = await owner.GET('/api/v1/auth/me');
    ownerId = me.data!.user.id;
    // The owner is on duty: an unassigned urgent lead is theirs to hear of.
    const { error } = await owner.PUT('/api/v1/notification-settings', { body: { onDutyUserIds: [ownerId] } });
    expect(error).toBeUndefined();
  });

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
    slack.closeAllConnections();
    await new Promise<void>((resolve) => slack.close(() => resolve()));
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('counts up when a hot lead arrives through the API, and opens the lead when clicked', async () => {
    const errors = collectPageErrors(page);
    await signInWithPage(page, server!.baseUrl);
    await page.getByRole('banner').getByText('Live', { exact: true }).waitFor();
    const unreadOf = (label: string | null) => Number(/(\d+) unread/.exec(label ?? '')?.[1] ?? 0);
    const before = unreadOf(await bellLabel());

    const name = `Hedy Lamarr ${Date.now()}`;
    const { data: lead } = await owner.POST('/api/v1/leads', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { name, email: `hedy.${Date.now()}@example.test`, company: 'Spread Spectrum', priority: 'urgent' },
    });
    expect(lead && 'id' in lead).toBe(true);
    const leadId = (lead as { id: string }).id;

    await expect.poll(async () => unreadOf(await bellLabel()), { timeout: LIVE_TIMEOUT_MS, interval: 250 }).toBe(before + 1);
    await page.getByRole('banner').getByRole('button', { name: /^Notifications/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Notifications' });
    const item = dialog.getByRole('button', { name: new RegExp(`New hot lead: ${name} \\(Spread Spectrum\\)`) });
    await item.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'notifications-bell');
    await item.click();
    await page.waitForURL((url) => url.pathname === `/leads/${leadId}`);
    await page.getByRole('heading', { level: 2, name }).waitFor();
    await expect.poll(async () => unreadOf(await bellLabel())).toBe(before);
    expect(errors).toEqual([]);
  });

  it('lets a user choose their notifications in the profile', async () => {
    await signInWithPage(page, server!.baseUrl, undefined, '/account');
    const section = page.getByRole('region', { name: 'Notifications' });
    await section.getByRole('table', { name: 'Which notifications reach you where' }).waitFor();
    await section.getByRole('switch', { name: 'A new hot lead arrives: by email' }).dispatchEvent('click');
    await section.getByRole('radio', { name: 'An hourly digest' }).check();
    await section.getByRole('switch', { name: 'Quiet hours' }).dispatchEvent('click');
    await section.getByLabel('From', { exact: true }).fill('21:30');
    await section.getByLabel('Until', { exact: true }).fill('06:45');
    expect(await section.getByLabel('Time zone', { exact: true }).inputValue()).toBe('UTC');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'notifications-profile');
    await section.getByRole('button', { name: 'Save notification preferences' }).click();
    await page.getByText('Notification preferences saved').waitFor();

    const { data } = await owner.GET('/api/v1/notification-preferences');
    expect(data).toMatchObject({ emailMode: 'digest', quietStart: 21 * 60 + 30, quietEnd: 6 * 60 + 45, ownChoices: expect.arrayContaining(['hot_lead']) });
    expect(data!.choices.find((c) => c.kind === 'hot_lead')).toEqual({ kind: 'hot_lead', email: false });
  });

  it('lets an admin set the on-duty group, thresholds and Slack channels, and shows each channel\'s state', async () => {
    await signInWithPage(page, server!.baseUrl, undefined, '/settings/notifications');
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByLabel('Hot-lead score').fill('80');
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    await page.getByText('Notification settings saved').waitFor();
    expect((await owner.GET('/api/v1/notification-settings')).data).toMatchObject({ hotLeadScore: 80, onDutyUserIds: [ownerId] });

    // A URL Slack would never give is refused with the reason beside the field.
    await page.getByLabel(/^Name/).fill('#sales');
    await page.getByLabel('Incoming webhook URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByText('must be an http(s) URL').waitFor();
    await page.getByLabel('Incoming webhook URL').fill(slackUrl);
    await page.getByRole('button', { name: 'Add channel' }).click();
    const channel = page.getByRole('listitem', { name: 'Slack channel #sales' });
    await channel.waitFor();
    // The URL is a credential: the page shows only its host.
    expect(await page.content()).not.toContain('/services/T0/B0/secret');

    // A hot lead is posted, and the channel's card says when.
    await owner.POST('/api/v1/leads', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { name: 'Katherine Johnson', email: `kj.${Date.now()}@example.test`, priority: 'urgent' },
    });
    await expect.poll(() => slackPosts.some((p) => p.includes('Katherine Johnson')), { timeout: LIVE_TIMEOUT_MS }).toBe(true);
    await page.reload();
    await expect.poll(async () => (await channel.textContent()) ?? '', { timeout: LIVE_TIMEOUT_MS }).not.toContain('Last post never');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'notifications-settings');
  });
});
