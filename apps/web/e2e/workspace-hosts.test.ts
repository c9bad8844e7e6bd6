import { createApiClient } from '@hotleads/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { localFetch } from './support/local-fetch';
import { startOidcProvider, type OidcProvider } from './support/oidc-provider';
import { collectPageErrors, screenshot } from './support/page';

const BASE_DOMAIN = 'hotleads.test';
const SSO_CLIENT = { client_id: 'hotleads-workspace-host', client_secret: 'workspace host client secret 7c2e' };

// Workspaces on their own host names: Chromium resolves every *.hotleads.test name to this machine, where
// the API serves the apex (hotleads.test) and each workspace ({slug}.hotleads.test).
describe.skipIf(!chromiumAvailable())('Workspaces on their own host names', () => {
  let server: ApiServer | undefined;
  let provider: OidcProvider | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let port: string;
  const at = (host: string, path: string) => `http://${host}:${port}${path}`;
  const workspaceHost = `acme-legal.${BASE_DOMAIN}`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startApi({ env: { BASE_DOMAIN, ADMIN_WORKSPACE: 'Acme Legal', ALLOW_SIGNUP: 'true' } }),
      launchChromium([`--host-resolver-rules=MAP *.${BASE_DOMAIN} 127.0.0.1, MAP ${BASE_DOMAIN} 127.0.0.1`]),
    ]);
    port = new URL(server.baseUrl).port;
    // The provider knows the workspace's host as the only place to send people back to.
    provider = await startOidcProvider({ ...SSO_CLIENT, redirect_uris: [at(workspaceHost, '/api/v1/auth/sso/callback')] });
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

  it('sends visitors of the apex to their workspace by email, and shows a plain 404 for an unknown one', async () => {
    await page.goto(at(BASE_DOMAIN, '/sign-in'));
    await page.getByText("Sign in at your workspace's address").waitFor();
    // New workspaces start here, on the apex (ALLOW_SIGNUP is on).
    await page.getByRole('link', { name: 'Create a workspace' }).waitFor();
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

  it("signs a new person in through the identity provider's login page on the workspace's host", async () => {
    // Arranged as the owner would, through the API of the workspace's host.
    const anonymous = createApiClient({ baseUrl: at(workspaceHost, ''), fetch: localFetch });
    const signedIn = await anonymous.POST('/api/v1/auth/login', { body: { email: OWNER.email, password: OWNER.password } });
    if (!signedIn.data?.accessToken) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.error)}`);
    const api = createApiClient({ baseUrl: at(workspaceHost, ''), fetch: localFetch, headers: { authorization: `Bearer ${signedIn.data.accessToken}` } });
    const agent = (await api.GET('/api/v1/roles')).data!.find((role) => role.key === 'agent')!;
    const saved = await api.PUT('/api/v1/settings/sso', {
      body: {
        providerType: 'oidc',
        displayName: 'Acme IdP',
        issuerUrl: provider!.issuer,
        clientId: SSO_CLIENT.client_id,
        clientSecret: SSO_CLIENT.client_secret,
        allowedDomains: ['acme-legal.example'],
        jitRoleId: agent.id,
        enabled: true,
        requireSso: false,
      },
    });
    if (!saved.data) throw new Error(`saving single sign-on failed: ${JSON.stringify(saved.error)}`);
    expect(saved.data.redirectUri).toBe(at(workspaceHost, '/api/v1/auth/sso/callback'));

    // The provider's own pages (its missing favicon) are not the app's console.
    const errors = collectPageErrors(page, new URL(provider!.issuer).origin);
    // No ?workspace= link and nothing remembered: the host alone names the workspace.
    await page.goto(at(workspaceHost, '/sign-in'));
    const button = page.getByRole('link', { name: 'Sign in with Acme IdP' });
    await button.waitFor();
    expect(await page.getByRole('link', { name: 'Create a workspace' }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sso-sign-in-workspace-host');
    // Sign-up belongs to the apex, even when typed in on the workspace's host.
    await page.goto(at(workspaceHost, '/sign-up'));
    await page.getByRole('heading', { name: 'Sign-up is not available here' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Workspace name' }).count()).toBe(0);
    await page.goto(at(workspaceHost, '/sign-in'));
    await button.waitFor();

    await Promise.all([page.waitForURL((url) => url.origin === new URL(provider!.issuer).origin), button.click()]);
    await page.getByRole('heading', { name: 'Local identity provider' }).waitFor();
    await page.getByLabel('Email').fill('new.associate@acme-legal.example');
    await page.getByLabel('Password').fill('any password at all');
    await Promise.all([page.waitForURL((url) => url.host === `${workspaceHost}:${port}` && !/^\/(sign-in|api\/)/.test(url.pathname)), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await expect.poll(() => page.getByTestId('workspace-name').textContent()).toContain('Acme Legal');

    // The new person is in the workspace, signed in by its provider.
    const users = await api.GET('/api/v1/users', { params: { query: { q: 'new.associate' } } });
    expect(users.data?.data.map((user) => [user.email, user.roleId])).toEqual([['new.associate@acme-legal.example', agent.id]]);
    expect(errors.filter((e) => !e.includes('Cross-Origin-Opener-Policy'))).toEqual([]);
  });
});
