import type { ApiClient } from '@hotleads/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot, useTheme } from './support/page';
import { apiAs, signInWithPage } from './support/session';

describe.skipIf(!chromiumAvailable())('Duplicates in Chromium', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let owner: ApiClient;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  async function lead(body: { name: string; email?: string; phone?: string; company?: string }): Promise<string> {
    const created = await owner.POST('/api/v1/leads', { body: { ...body, source: 'e2e' } });
    if (!created.data || !('id' in created.data)) throw new Error(`create failed: ${JSON.stringify(created.error ?? created.data)}`);
    return created.data.id;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApi({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } }), launchChromium()]);
    owner = (await apiAs(server.baseUrl)).api;
  });

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context.close();
  });

  it('lists near duplicates with their reasons, as the API does, and opens a lead from a pair', async () => {
    const archived = await lead({ name: 'Petra Phone', phone: '+49 30 3644053' });
    const patched = await owner.PATCH('/api/v1/leads/{id}', { params: { path: { id: archived } }, body: { status: 'archived' } });
    expect(patched.response.status).toBe(200);
    await lead({ name: 'Petra P.', phone: '+49303644053' });
    await lead({ name: 'Nina North', company: 'Northwind', email: 'nina@northwind.example' });
    const newer = await lead({ name: 'Nina North', company: 'Northwind', email: 'n.north@mail.example' });
    await lead({ name: 'Gus', email: 'gus.gill@gmail.com' });
    await lead({ name: 'Gus G', email: 'gusgill+leads@gmail.com' });

    const api = await owner.GET('/api/v1/leads/duplicates');
    expect(api.data?.data.map((p) => p.reason)).toEqual(['email_alias', 'same_name_company', 'closed_match']);

    await signInWithPage(page, server!.baseUrl, undefined, '/duplicates');
    await page.getByRole('heading', { level: 1, name: 'Possible duplicates' }).waitFor();
    const table = page.getByRole('table', { name: 'Possible duplicates' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).textContent()).toContain('Same Gmail address (dots or +tag differ)');
    expect(await rows.nth(1).textContent()).toContain('Same name and company, other contacts');
    expect(await rows.nth(2).textContent()).toContain('Same phone as an archived lead');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'duplicates-light');
    await useTheme(page, 'dark');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'duplicates-dark');

    await rows.nth(1).getByRole('link', { name: 'Nina North' }).first().click();
    await page.waitForURL(`**/leads/${newer}`);
    expect(errors).toEqual([]);
  });
});
