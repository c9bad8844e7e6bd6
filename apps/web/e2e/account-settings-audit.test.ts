import { auditActionLabel } from '@hotleads/shared';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot, useTheme } from './support/page';
import { apiAs, createUser, type Credentials } from './support/session';
import { nextTotp, totp } from './support/totp';

// Password, then the second factor: an authenticator code, or (recovery: true) one of the recovery codes.
async function signInWithCode(page: Page, baseUrl: string, credentials: Credentials, code: string, { recovery = false, path = '/dashboard' } = {}) {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel(/^Password/).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Two-factor authentication' }).waitFor();
  if (recovery) await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel(recovery ? 'Recovery code' : 'Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

// From the top: a full-page shot of a scrolled page paints the fixed header over its middle.
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

// On a phone the page fits the screen: wide tables scroll inside their own box, the page does not.
async function fitsPhone(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await shot(page, name);
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

// Waits until the toast titled `title` has faded in, and keeps it open (a toast under the pointer stays):
// axe mid-transition would measure see-through colours.
async function toastShown(page: Page, title: string): Promise<void> {
  const toast = page.locator('.mantine-Notification-root').filter({ hasText: title });
  await toast.hover();
  await expect.poll(() => toast.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');
}

// Lets the toasts close by themselves, so screenshots and axe see the page alone.
async function toastsGone(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 10_000 });
}

// The scenarios build on each other, as a person would: the admin enrols MFA and renames themselves (1), signs out
// a session (2) and changes the SLA targets (3); the audit log (4) then shows those actions.
describe.skipIf(!chromiumAvailable())('Profile and security, settings and the audit log in Chromium', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let base: string;
  let admin: Credentials & { id: string };
  let secret = '';
  // Unused recovery codes of the admin: every sign-in after the first takes one, as TOTP steps cannot repeat.
  const recoveryCodes: string[] = [];
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApi(), launchChromium()]);
    base = server.baseUrl;
    admin = await createUser(base, (await apiAs(base)).api, 'admin', 'Ada Admin');
  });

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
    });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context.close();
  });

  const signInWithRecoveryCode = (target: Page, path?: string) => {
    const code = recoveryCodes.shift();
    if (!code) throw new Error('No recovery code left: did the MFA scenario run?');
    return signInWithCode(target, base, admin, code, {
      recovery: true,
      path,
    });
  };

  it('enrols MFA from the account page, downloads the recovery codes, then needs a code to sign in', async () => {
    await page.goto(`${base}/account`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile and security' }).waitFor();
    await page.getByRole('listitem', { name: /\(this device\)$/ }).waitFor();
    expect(await page.title()).toBe('Profile and security · Hot Leads');
    await expectAccessible(page);
    await shot(page, 'account-light');

    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const shownSecret = page.getByTestId('mfa-secret');
    await shownSecret.waitFor();
    secret = ((await shownSecret.textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.getByRole('img', { name: /QR code/ }).getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expectAccessible(page);
    await shot(page, 'mfa-enrol');

    await page.getByLabel('Code from the app').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor();
    recoveryCodes.push(...(await codes.getByRole('listitem').allTextContents()));
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(5);
    await toastShown(page, 'Two-factor authentication is on');
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download codes' }).click()]);
    const saved = await readFile(await download.path(), 'utf8');
    for (const code of recoveryCodes) expect(saved).toContain(code);

    // Shown once: gone after confirming, and the section now says MFA is on.
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await codes.waitFor({ state: 'detached' });
    const mfaSection = page.getByRole('region', {
      name: 'Two-factor authentication',
    });
    await mfaSection.getByText('On', { exact: true }).waitFor();
    await mfaSection.getByRole('button', { name: 'New recovery codes' }).waitFor();

    await toastsGone(page);
    await useTheme(page, 'dark');
    await expectAccessible(page);
    await shot(page, 'account-dark');
    await useTheme(page, 'light');

    // Anyone may rename themselves; the header follows at once.
    const header = page.getByRole('banner');
    await header.getByRole('link', { name: 'Ada Admin' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save name' }).click();
    await header.getByRole('link', { name: 'Ada Lovelace' }).waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    await signInWithCode(page, base, admin, nextTotp(secret));
    await page.waitForURL('**/dashboard');
    expect(errors).toEqual([]);
  });

  it('signs out another session from the sessions list; that browser lands on sign-in at its next request', async () => {
    const otherContext = await browser!.newContext({
      viewport: { width: 1280, height: 800 },
    });
    try {
      const other = await otherContext.newPage();
      await signInWithRecoveryCode(other, '/account');
      const otherRow = other.locator('[data-current]');
      await otherRow.waitFor();
      const otherSessionId = await otherRow.getAttribute('data-session-id');
      expect(otherSessionId).toBeTruthy();

      await signInWithRecoveryCode(page, '/account');
      const row = page.locator(`[data-session-id="${otherSessionId}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-current')).toBeNull();
      expect(await page.locator('[data-current]').getAttribute('data-session-id')).not.toBe(otherSessionId);

      await row.getByRole('button', { name: /^Sign out/ }).click();
      const dialog = page.getByRole('dialog', {
        name: 'Sign out this session?',
      });
      // Checked once its opening transition is over: axe would otherwise measure half-faded colours.
      await expect.poll(() => dialog.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');
      await expectAccessible(page);
      await dialog.getByRole('button', { name: 'Sign out' }).click();
      await toastShown(page, 'Signed out');
      await row.waitFor({ state: 'detached' });
      await fitsPhone(page, 'account-phone');

      // The other browser still shows its page; its next API call is refused and it is sent to sign in.
      await other.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
      await other.waitForURL('**/sign-in**');
      await other.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await otherContext.close();
    }
  });

  it('changes the SLA target for urgent leads in the settings; a new urgent lead is due 5 minutes after it arrives', async () => {
    await signInWithRecoveryCode(page, '/settings');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const urgent = page.getByRole('textbox', { name: 'Urgent' });
    await urgent.waitFor();
    expect(await page.title()).toBe('Settings · Hot Leads');
    await expectAccessible(page);
    await shot(page, 'settings-light');

    await urgent.fill('5');
    await page.getByText('= 5 min').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await toastShown(page, 'Settings saved');
    await expectAccessible(page);
    await toastsGone(page);

    await useTheme(page, 'dark');
    await expectAccessible(page);
    await shot(page, 'settings-dark');

    const { api } = await apiAs(base);
    const body = { name: 'Urgent Ursula', email: 'ursula@e2e.hotleads.test', priority: 'urgent' as const };
    const created = await api.POST('/api/v1/leads', { params: { header: { 'Idempotency-Key': randomUUID() } }, body });
    if (!created.data || !('id' in created.data)) throw new Error(`Creating a lead failed: ${JSON.stringify(created.error ?? created.data)}`);
    const lead = created.data;
    expect(lead.respondBy).not.toBeNull();
    const dueAfterMs = Date.parse(lead.respondBy!) - Date.parse(lead.createdAt);
    expect(Math.abs(dueAfterMs - 5 * 60_000)).toBeLessThanOrEqual(2_000);
    expect(errors).toEqual([]);
  });

  it("finds those actions in the audit log by action, shows an entry's changed fields and exports the filtered CSV", async () => {
    await signInWithRecoveryCode(page, `/audit-log?actorId=${admin.id}`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit log entries' });
    await table.waitFor();
    expect(await page.title()).toBe('Audit log · Hot Leads');
    await expectAccessible(page);
    await shot(page, 'audit-log-light');
    await useTheme(page, 'dark');
    await expectAccessible(page);
    await shot(page, 'audit-log-dark');
    await useTheme(page, 'light');

    // Typing an action filters (after a pause) and puts the filter into the URL.
    const action = page.locator('input').and(page.getByLabel('Action', { exact: true }));
    for (const name of ['auth.mfa.enable', 'auth.profile.update', 'auth.session.revoke', 'settings.update']) {
      await action.fill(name);
      await page.waitForURL((url) => url.searchParams.get('action') === name);
      // The entries name the action in words; the action itself is the button's title.
      await expect.poll(async () => [...new Set(await table.getByRole('button').allTextContents())]).toEqual([auditActionLabel(name)]);
      expect(await table.getByRole('button').first().getAttribute('title')).toBe(name);
    }

    await table.getByRole('button', { name: 'Workspace settings changed', exact: true }).first().click();
    const drawer = page.getByRole('dialog', { name: 'Audit entry' });
    const changes = drawer.getByRole('table', { name: 'Changed fields' });
    const urgentRow = changes.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: 'slaMinutes.urgent' }),
    });
    expect(await urgentRow.getByRole('cell').allTextContents()).toEqual(['15', '5']);
    expect(await drawer.getByText(admin.email).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await drawer.getByRole('button', { name: 'Close' }).click();
    await drawer.waitFor({ state: 'hidden' });

    // The export follows the filters on screen: this actor, any action.
    await action.fill('');
    await page.waitForURL((url) => !url.searchParams.has('action'));
    // The list (and so the filters the export reads) has caught up with the URL: every action of this actor.
    await expect.poll(async () => new Set(await table.getByRole('button').allTextContents()).size).toBeGreaterThan(3);
    expect(new URL(page.url()).searchParams.get('actorId')).toBe(admin.id);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,created_at,actor_type,actor_id,actor_label,action,/);
    for (const name of ['auth.mfa.enable', 'auth.session.revoke', 'settings.update']) {
      expect(lines.some((line) => line.includes(`,${name},`))).toBe(true);
    }
    // Only this actor's entries.
    expect(lines.slice(1).every((line) => line.split(',')[3] === admin.id)).toBe(true);
    await fitsPhone(page, 'audit-log-phone');
    expect(errors).toEqual([]);
  });
});
