import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot } from './support/page';

const BASE_DOMAIN = 'hotleads.test';

// Workspaces on their own host names: Chromium resolves every *.hotleads.test name to this machine, where
// the API serves the apex (hotleads.test) and each workspace ({slug}.hotleads.test).
describe.skipIf(!chromiumAvailable())('Workspaces on their own host names', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let port: string;
  const at = (host: string, path: string) => `http://${host}:${port}${path}`;
  const workspaceHost = `acme-legal.${BASE_DOMAIN}`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startApi({ env: { BASE_DOMAIN, ADMIN_WORKSPACE: 'Acme Legal' } }),
      launchChromium([`--host-resolver-rules=MAP *.${BASE_DOMAIN} 127.0.0.1, MAP ${BASE_DOMAIN} 127.0.0.1`]),
    ]);
    port = new URL(server.baseUrl).port;
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

  it('sends visitors of the apex to their workspace by email, and shows a plain 404 for an unknown one', async () => {
    await page.goto(at(BASE_DOMAIN, '/sign-in'));
    await page.getByText("Sign in at your workspace's address").waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Find your workspace' }).click();
    await page.getByRole('heading', { name: 'Find your workspace' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'find-workspace');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByRole('button', { name: 'Email me the link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    const response = await page.goto(at(`nobody-here.${BASE_DOMAIN}`, '/sign-in'));
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'No workspace here' }).waitFor();
  });

  it("signs in on the workspace's own host, with its name on the sign-in page, and manages address and network access", async () => {
    const errors = collectPageErrors(page);
    await page.goto(at(workspaceHost, '/sign-in'));
    await expect.poll(() => page.getByTestId('workspace-name').textContent()).toContain('Acme Legal');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-workspace-host');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel(/^Password/).fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect(new URL(page.url()).host).toBe(`${workspaceHost}:${port}`);

    await page.getByRole('link', { name: 'Workspace address' }).click();
    await page.getByRole('heading', { name: 'Workspace address', level: 1 }).waitFor();
    await expect.poll(() => page.getByText("Your workspace's URL").textContent()).toContain(`http://${workspaceHost}:${port}`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workspace-address');

    await page.getByRole('link', { name: 'Network access' }).click();
    await page.getByRole('heading', { name: 'Network access', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('current-address').textContent()).toBe('127.0.0.1');
    const staff = page.getByLabel('Staff sessions');
    await staff.fill('10.0.0.0/8');
    await page.getByRole('button', { name: 'Save network access' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Not saved' }).textContent()).toContain('127.0.0.1');
    await staff.fill('10.0.0.0/8\nnot-a-range');
    await page.getByRole('button', { name: 'Save network access' }).click();
    await expect.poll(() => page.getByText('"not-a-range" is not an IPv4 or IPv6 address or CIDR range').count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'network-access-error');
    await staff.fill('127.0.0.0/8\n2001:db8::/32');
    await page.getByRole('button', { name: 'Save network access' }).click();
    await expect.poll(() => staff.inputValue()).toBe('127.0.0.0/8\n2001:db8::/32');
    await page.getByText('Network access saved').waitFor();
    await screenshot(page, 'network-access');
    // The refused saves (422, 400) are the only failed requests; over plain HTTP on a made-up host name
    // Chromium also notes that it ignores Cross-Origin-Opener-Policy (it honours it only over HTTPS).
    expect(errors.filter((e) => !/\b(400|422)\b/.test(e) && !e.includes('Cross-Origin-Opener-Policy'))).toEqual([]);
  });
});
