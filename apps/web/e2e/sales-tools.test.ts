import type { ApiClient } from '@hotleads/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot, useTheme } from './support/page';
import { apiAs, signInWithPage } from './support/session';

// Undo, phone search, compact rows and the command menu, as staff use them.
describe.skipIf(!chromiumAvailable())('Sales tools in Chromium', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let owner: ApiClient;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const baseUrl = () => server!.baseUrl;
  let counter = 0;

  async function createLead(body: { name: string; phone?: string; email?: string; priority?: 'low' | 'medium' | 'high' | 'urgent' }): Promise<string> {
    counter++;
    const created = await owner.POST('/api/v1/leads', { body: { email: `tools-${counter}-${Date.now()}@tools.e2e.test`, source: 'acuity', ...body } });
    if (!created.data || !('id' in created.data)) throw new Error(`create failed: ${JSON.stringify(created.error ?? created.data)}`);
    return created.data.id;
  }
  const getLead = async (id: string) => (await owner.GET('/api/v1/leads/{id}', { params: { path: { id } } })).data!;

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

  it('asks before archiving with 5, and Undo leaves the lead as it was', async () => {
    const id = await createLead({ name: 'Umberto Undo', priority: 'high' });
    await owner.PATCH('/api/v1/leads/{id}', { params: { path: { id } }, body: { status: 'processing' } });
    const before = await getLead(id);

    await signInWithPage(page, baseUrl(), undefined, '/leads?q=umberto');
    await page.getByRole('link', { name: 'Umberto Undo' }).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('5');
    const confirm = page.getByRole('dialog', { name: 'Archive this lead?' });
    await confirm.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Archive' }).click();
    await expect.poll(async () => (await getLead(id)).status, { timeout: 10_000 }).toBe('archived');

    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Undone: 1 lead').waitFor();
    const after = await getLead(id);
    const { version: _v1, updatedAt: _u1, ...was } = before;
    const { version: _v2, updatedAt: _u2, ...is } = after;
    expect(is).toEqual(was);
    expect(errors).toEqual([]);
  });

  it('finds a lead by a phone typed in three formats', async () => {
    const id = await createLead({ name: 'Philippa Phone', phone: '+49 30 3644053' });
    await signInWithPage(page, baseUrl(), undefined, '/leads');
    for (const typed of ['+49 30 3644053', '030 3644053', '0303644053']) {
      await page.goto(`${baseUrl()}/leads?q=${encodeURIComponent(typed)}`);
      await page.getByRole('link', { name: 'Philippa Phone' }).waitFor();
      expect(await page.getByTestId('leads-count').textContent()).toBe('1 lead');
      expect(await page.getByRole('link', { name: 'Philippa Phone' }).getAttribute('href')).toContain(id);
    }
    // Typed into the search box as well.
    await page.goto(`${baseUrl()}/leads`);
    await page.getByRole('searchbox', { name: /Search/ }).fill('030 364 40 53');
    await page.waitForURL(/q=030/);
    await page.getByRole('link', { name: 'Philippa Phone' }).waitFor();
    await expect.poll(() => page.getByTestId('leads-count').textContent(), { timeout: 10_000 }).toBe('1 lead');
    expect(errors).toEqual([]);
  });

  it('shows at least 18 rows in compact mode at 1440x900, remembered after a reload', async () => {
    for (let i = 0; i < 30; i++) await createLead({ name: `Compact Lead ${String(i).padStart(2, '0')}` });
    await signInWithPage(page, baseUrl(), undefined, '/leads');
    await page.getByRole('link', { name: 'Compact Lead 29' }).waitFor();
    const visibleRows = () =>
      page.evaluate(() => {
        const scroller = document.querySelector('[data-testid="leads-scroller"]')!.getBoundingClientRect();
        return [...document.querySelectorAll('tbody tr[aria-rowindex]')].filter((row) => {
          const box = row.getBoundingClientRect();
          return box.top >= scroller.top && box.bottom <= scroller.bottom + 1;
        }).length;
      });
    const roomy = await visibleRows();
    await page.getByRole('button', { name: 'Compact rows' }).click();
    await expect.poll(visibleRows).toBeGreaterThanOrEqual(18);
    const compact = await visibleRows();
    expect(compact).toBeGreaterThan(roomy);
    const height = await page.locator('tbody tr[aria-rowindex]').first().evaluate((row) => row.getBoundingClientRect().height);
    expect(height).toBeGreaterThanOrEqual(34);
    expect(height).toBeLessThanOrEqual(38);
    // Sources by their label, as on the dashboard.
    expect(await page.locator('tbody tr[aria-rowindex]').first().textContent()).toContain('Acuity');

    await page.reload();
    await page.getByRole('link', { name: 'Compact Lead 29' }).waitFor();
    expect(await page.getByRole('button', { name: 'Compact rows' }).getAttribute('aria-pressed')).toBe('true');
    expect(await visibleRows()).toBe(compact);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'leads-compact-light');
    await useTheme(page, 'dark');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'leads-compact-dark');
    expect(errors).toEqual([]);
  });

  it('opens a lead from the command menu, found by phone', async () => {
    const id = await createLead({ name: 'Konrad Command', phone: '+49 89 1234567' });
    await signInWithPage(page, baseUrl(), undefined, '/dashboard');
    await useTheme(page, 'dark');
    await page.keyboard.press('Control+K');
    const menu = page.getByRole('dialog', { name: 'Command menu' });
    await menu.waitFor();
    await menu.getByRole('combobox').fill('089 1234567');
    await menu.getByRole('option', { name: /Konrad Command/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'command-menu-dark');
    await menu.getByRole('option', { name: /Konrad Command/ }).click();
    await page.waitForURL(`**/leads/${id}`);
    await page.getByRole('heading', { name: 'Konrad Command' }).first().waitFor();

    // "?" lists the shortcuts on a page without its own, and the skip link leads to the main content.
    await page.goto(`${baseUrl()}/dashboard`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    // The dialog hands focus back when its closing transition ends: wait for that before moving it.
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    expect(errors).toEqual([]);
  });
});
