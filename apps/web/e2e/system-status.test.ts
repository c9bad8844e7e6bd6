import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { layoutSettled } from './support/layout';
import { collectPageErrors, screenshot } from './support/page';
import { signInWithPage } from './support/session';

describe.skipIf(!chromiumAvailable())('Admin app in Chromium, served by the API', () => {
  let api: ApiServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    if (api) expect(await api.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('shows the app shell with the API and the database operational, in light and dark theme, accessibly', async () => {
    const errors = collectPageErrors(page);
    // Signing in at a deep link comes back to it.
    await signInWithPage(page, api!.baseUrl, undefined, '/status');

    await page.waitForURL('**/status');
    await page.getByRole('heading', { level: 1, name: 'System status' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('Hot Leads');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'System status' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('region', { name: 'API' }).getByText('Operational').waitFor();
    await page.getByRole('region', { name: 'Database' }).getByText('Operational').waitFor();
    expect(await page.title()).toBe('System status · Hot Leads');

    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'status-light');

    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'status-dark');

    // The choice survives a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');

    expect(errors).toEqual([]);
  });

  it('shows an owner the System page: health checks, request figures, job queues and the latest audit entries', async () => {
    const errors = collectPageErrors(page);
    await signInWithPage(page, api!.baseUrl, undefined, '/dashboard');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'System', exact: true }).click();
    await page.waitForURL('**/system');
    await page.getByRole('heading', { level: 1, name: 'System' }).waitFor();
    await page.getByRole('region', { name: 'Database', exact: true }).getByText('OK').waitFor();
    for (const check of ['Queues', 'Workers', 'Connections', 'Disk', 'Memory', 'CPU']) await page.getByRole('region', { name: check, exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Requests, last 15 minutes' }).waitFor();
    await page.getByRole('table', { name: 'Job queues' }).waitFor();
    // The sign-in just now is the newest audit entry.
    await page.getByRole('table', { name: 'Latest audit entries' }).getByText('auth.login').first().waitFor();
    expect(await page.title()).toBe('System · Hot Leads');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'system-light');
    expect(errors).toEqual([]);
  });

  it('opens the navigation from the burger menu on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInWithPage(page, api!.baseUrl, undefined, '/status');
    await page.getByRole('region', { name: 'Database' }).getByText('Operational').waitFor();

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const navLink = nav.getByRole('link', { name: 'System status' });
    // The closed navbar sits off-screen (a CSS transform), out of reach of keyboard and screen readers.
    const onScreen = async () => ((await navLink.boundingBox())?.x ?? -1) >= 0;
    await layoutSettled(page);
    expect(await onScreen()).toBe(false);
    expect(await nav.getAttribute('inert')).not.toBeNull();

    await page.getByRole('button', { name: 'Open navigation' }).click();
    await expect.poll(onScreen).toBe(true);
    // Fully in, not on its way.
    await layoutSettled(page);
    expect(await onScreen()).toBe(true);
    expect(await nav.getAttribute('inert')).toBeNull();
    expect(await page.getByRole('button', { name: 'Close navigation' }).getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'status-phone-navigation');

    // Following a link closes the navigation again.
    await navLink.click();
    await expect.poll(onScreen).toBe(false);
    await layoutSettled(page);
    expect(await onScreen()).toBe(false);
    expect(await nav.getAttribute('inert')).not.toBeNull();
  });

  it('serves the SPA for a deep client route and shows the not-found page', async () => {
    await signInWithPage(page, api!.baseUrl);
    const response = await page.goto(`${api!.baseUrl}/some/deep/link`);

    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.getByText('There is no page at /some/deep/link.').isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'not-found');

    await page.getByRole('link', { name: 'Go to system status' }).click();
    await page.getByRole('region', { name: 'API' }).getByText('Operational').waitFor();
    expect(new URL(page.url()).pathname).toBe('/status');
  });

  it('shows that the API is unreachable once the API process has stopped', async () => {
    // A second API of its own, so stopping it leaves the shared one running.
    const doomed = await startApi();
    try {
      await signInWithPage(page, doomed.baseUrl, undefined, '/status');
      await page.getByRole('region', { name: 'API' }).getByText('Operational').waitFor();
    } catch (error) {
      await doomed.stop();
      throw error;
    }
    expect(await doomed.stop()).toBe(0);

    await page.getByRole('button', { name: 'Check again' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The API is not reachable' });
    await alert.waitFor();
    expect(await page.getByRole('region', { name: 'API' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'status-api-unreachable');

    // Retry asks again and, with the API still down, keeps saying so once that request has failed.
    const retry = alert.getByRole('button', { name: 'Retry' });
    const failed = page.waitForEvent('requestfailed', (request) => new URL(request.url()).pathname === '/health');
    await retry.click();
    await failed;
    await expect.poll(() => retry.getAttribute('data-loading')).toBeNull();
    expect(await alert.isVisible()).toBe(true);
  });
});
