import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors } from './support/page';
import { apiAs, createUser, signInWithPage } from './support/session';

describe.skipIf(!chromiumAvailable())('Notifications in Chromium', () => {
  let api: ApiServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ env: { LIVE_HEARTBEAT_SECONDS: '2' } }), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    if (api) expect(await api.stop()).toBe(0);
  });

  it('counts up the bell when a hot lead arrives through the API, and opens the lead from it', async () => {
    const baseUrl = api!.baseUrl;
    const errors = collectPageErrors(page);
    const owner = await apiAs(baseUrl);
    const agent = await createUser(baseUrl, owner.api, 'agent', 'Alex Agent');
    const settings = await owner.api.PUT('/api/v1/notification-settings', { body: { onDutyUserIds: [agent.id] } });
    expect(settings.response.status).toBe(200);

    await signInWithPage(page, baseUrl, agent, '/dashboard');
    const quietBell = page.getByRole('button', { name: 'Notifications', exact: true });
    await quietBell.waitFor();
    // The live stream is up before the lead arrives, so the count comes over it rather than by polling.
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 }).catch(() => undefined);

    const created = await owner.api.POST('/api/v1/leads', { body: { email: 'ada@engines.example', name: 'Ada Lovelace', company: 'Engines Ltd', priority: 'urgent' } });
    expect(created.response.status).toBe(201);
    const leadId = created.data!.id;

    const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor({ timeout: 5_000 });
    await bell.click();
    const item = page.getByRole('list', { name: 'Latest notifications' }).getByRole('button', { name: /New hot lead: Ada Lovelace \(Engines Ltd\)/ });
    await item.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await item.click();
    await page.waitForURL(`**/leads/${leadId}`);
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
  }, 120_000);
});
