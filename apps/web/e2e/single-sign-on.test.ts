import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { startOidcProvider, type OidcProvider } from './support/oidc-provider';
import { collectPageErrors, screenshot } from './support/page';
import { apiAs, signInWithPage } from './support/session';

const CLIENT = { client_id: 'hotleads-browser', client_secret: 'browser test client secret 51d0' };

async function signInAtProvider(page: Page, email: string): Promise<void> {
  await page.getByRole('heading', { name: 'Local identity provider' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('any password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!chromiumAvailable())('Single sign-on through a local OpenID provider', () => {
  let server: ApiServer | undefined;
  let provider: OidcProvider | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let signInUrl: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApi(), launchChromium()]);
    base = server.baseUrl;
    provider = await startOidcProvider({ ...CLIENT, redirect_uris: [`${base}/api/v1/auth/sso/callback`] });
    const { api } = await apiAs(base);
    const roles = await api.GET('/api/v1/roles');
    const agent = roles.data!.find((role) => role.key === 'agent')!;
    const saved = await api.PUT('/api/v1/settings/sso', {
      body: {
        providerType: 'oidc',
        displayName: 'Local IdP',
        issuerUrl: provider.issuer,
        clientId: CLIENT.client_id,
        clientSecret: CLIENT.client_secret,
        allowedDomains: ['sso.hotleads.test'],
        jitRoleId: agent.id,
        enabled: true,
        requireSso: false,
      },
    });
    if (!saved.data) throw new Error(`saving single sign-on failed: ${JSON.stringify(saved.error)}`);
    signInUrl = saved.data.signInUrl;
  });

  afterAll(async () => {
    await browser?.close();
    await provider?.stop();
    if (server) expect(await server.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('signs a new person in through the provider, and explains a refusal in plain words', async () => {
    // The provider's own pages (its missing favicon) are not the app's console.
    const errors = collectPageErrors(page, new URL(provider!.issuer).origin);
    expect(signInUrl.startsWith(`${base}/sign-in?workspace=`)).toBe(true);
    await page.goto(signInUrl);
    const button = page.getByRole('link', { name: 'Sign in with Local IdP' });
    await button.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sso-sign-in');

    await button.click();
    await signInAtProvider(page, 'new.hire@sso.hotleads.test');
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBeTruthy();
    expect(new URL(page.url()).pathname).not.toBe('/sign-in');

    // Another browser: the sign-in page remembers nothing, the link brings the button back; a domain that is
    // not allowed comes back as a message.
    const other = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const second = await other.newPage();
    await second.goto(signInUrl);
    await second.getByRole('link', { name: 'Sign in with Local IdP' }).click();
    await signInAtProvider(second, 'someone@elsewhere.example');
    const alert = second.getByRole('alert').filter({ hasText: 'domain is not allowed' });
    await alert.waitFor();
    expect(await seriousAccessibilityViolations(second)).toEqual([]);
    await screenshot(second, 'sso-sign-in-refused');
    // The workspace is remembered in this browser, so the button is still there.
    await second.getByRole('link', { name: 'Sign in with Local IdP' }).waitFor();
    await other.close();
    expect(errors).toEqual([]);
  });

  it('shows the Single sign-on settings with a test sign-in that reports the claims', async () => {
    await signInWithPage(page, base, undefined, '/settings/sso');
    await page.getByRole('heading', { name: 'Single sign-on', level: 1 }).waitFor();
    await page.getByLabel('Provider name').waitFor();
    expect(await page.getByLabel('Provider name').inputValue()).toBe('Local IdP');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sso-settings');

    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Test sign-in' }).click();
    const popup = await popupOpened;
    await signInAtProvider(popup, 'tester@sso.hotleads.test');
    const result = page.getByText('The provider signed you in');
    await result.waitFor({ timeout: 30_000 });
    expect(await page.locator('pre').textContent()).toContain('tester@sso.hotleads.test');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sso-settings-tested');
  });
});
