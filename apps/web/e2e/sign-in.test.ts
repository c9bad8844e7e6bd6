import type { ApiClient } from '@hotleads/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot, useTheme } from './support/page';
import { apiAs, createUser, type Credentials } from './support/session';
import { nextTotp, totp } from './support/totp';

// Turns on TOTP for `credentials` through the API and returns the secret, as an authenticator app would hold it.
async function enableMfa(baseUrl: string, credentials: Credentials): Promise<string> {
  const { api } = await apiAs(baseUrl, credentials);
  const setup = await api.POST('/api/v1/auth/mfa/setup', { body: {} });
  if (!setup.data) throw new Error(`MFA setup failed: ${JSON.stringify(setup.error)}`);
  const enabled = await api.POST('/api/v1/auth/mfa/enable', { body: { code: totp(setup.data.secret) } });
  if (!enabled.data) throw new Error(`MFA enable failed: ${JSON.stringify(enabled.error)}`);
  return setup.data.secret;
}

async function fillPassword(page: Page, credentials: Credentials): Promise<void> {
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel(/^Password/).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!chromiumAvailable())('Signing in to the admin app', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    // A one-minute access token, so the silent renewal (at 80 % of its life) can be watched with a fast-forwarded clock.
    [server, browser] = await Promise.all([startApi({ env: { ACCESS_TOKEN_TTL_SECONDS: '60' } }), launchChromium()]);
    base = server.baseUrl;
  });

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  // A fresh owner token per test: the one-minute tokens of this file expire between tests.
  let owner: ApiClient;
  beforeEach(async () => {
    owner = (await apiAs(base)).api;
    context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('refuses a wrong password with a message that covers lockout, then signs in and returns to the page asked for', async () => {
    const errors = collectPageErrors(page);
    await page.goto(`${base}/status`);
    await page.waitForURL(`**/sign-in?next=${encodeURIComponent('/status')}`);
    await page.getByRole('heading', { name: 'Sign in to Hot Leads' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-light');
    await useTheme(page, 'dark');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-dark');
    await useTheme(page, 'light');

    await fillPassword(page, { email: OWNER.email, password: 'not-the-password-at-all' });
    const alert = page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('locked');
    await screenshot(page, 'sign-in-error');

    await fillPassword(page, OWNER);
    await page.waitForURL('**/status');
    await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBeTruthy();
    // The wrong password's 401 is the only failed request a visitor causes: no refresh without a session.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('asks for the authenticator code, refuses a wrong one, and accepts a recovery code instead', async () => {
    const agent = await createUser(base, owner, 'agent', 'Mia Multifactor');
    const secret = await enableMfa(base, agent);

    await page.goto(`${base}/sign-in`);
    await fillPassword(page, agent);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-mfa');

    const wrong = totp(secret) === '000000' ? '111111' : '000000';
    await page.getByLabel(/^Authentication code/).fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code is not valid' }).waitFor();

    await page.getByLabel(/^Authentication code/).fill(nextTotp(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL('**/my-day');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' }).waitFor();
    // An agent manages nobody: no Users link.
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).count()).toBe(0);

    // Signing out ends the session: the app and a reload both land on the sign-in page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto(`${base}/dashboard`);
    await page.waitForURL('**/sign-in?next=%2Fdashboard');
  });

  it('enrols a user in MFA during sign-in when the workspace requires it, showing the recovery codes once', async () => {
    const agent = await createUser(base, owner, 'agent', 'Noor Newcomer');
    expect((await owner.PATCH('/api/v1/settings', { body: { requireMfa: true } })).response.status).toBe(200);
    try {
      await page.goto(`${base}/sign-in`);
      await fillPassword(page, agent);
      await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in-mfa-enrol');

      await page.getByLabel(/^Authentication code/).fill(totp(secret));
      await page.getByRole('button', { name: 'Turn on and continue' }).click();
      const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
      await codes.first().waitFor();
      expect(await codes.count()).toBe(10);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download codes' }).click()]);
      expect(download.suggestedFilename()).toBe('hotleads-recovery-codes.txt');
      const recoveryCode = (await codes.first().textContent())!.trim();
      await page.getByRole('button', { name: 'I have saved them, continue' }).click();
      await page.waitForURL('**/my-day');

      // The recovery code works once in place of the authenticator.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      await fillPassword(page, agent);
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await page.getByLabel(/^Recovery code/).fill(recoveryCode);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL('**/my-day');
    } finally {
      expect((await owner.PATCH('/api/v1/settings', { body: { requireMfa: false } })).response.status).toBe(200);
    }
  });

  it('keeps the session across a reload and renews the access token before it expires, without a visible sign-in', async () => {
    await page.clock.install();
    await page.goto(`${base}/sign-in`);
    await fillPassword(page, OWNER);
    await page.waitForURL('**/dashboard');

    await page.reload();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');

    // 80 % of the one-minute token: the app asks for a new one by itself, and keeps working with it.
    const renewed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
    await page.clock.fastForward(50_000);
    await renewed;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'System status' }).click();
    await page.getByRole('region', { name: 'Database' }).getByText('Operational').waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' }).click();
    await page.waitForURL('**/leads');
    expect(page.url()).not.toContain('sign-in');
  });
});
