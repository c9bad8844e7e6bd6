import type { ApiClient } from '@hotleads/api-client';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { settledBoxes } from './support/layout';
import { collectPageErrors, screenshot, useTheme } from './support/page';
import { apiAs, createUser, signInWithPage } from './support/session';

const LAST_OWNER = 'The workspace needs at least one active owner: make another user an owner first.';

const userRow = (page: Page, email: string) => page.getByTestId(`user-row-${email}`);
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });
const navLinks = async (page: Page) => (await mainNav(page).getByRole('link').allTextContents()).map((text) => text.trim());

// Picks a role in a row's role dropdown and waits for the toast saying it changed.
async function changeRole(page: Page, row: Locator, name: string, role: string): Promise<void> {
  await row.getByRole('combobox', { name: `Role of ${name}` }).click();
  await page.getByRole('option', { name: role, exact: true }).click();
  await page.getByText(`${name} is now ${role}.`).waitFor();
  // The row shows the role once the list is read again, which may come after the toast.
  await expect.poll(() => row.getByRole('combobox', { name: `Role of ${name}` }).inputValue()).toBe(role);
}

// Toasts close by themselves after a few seconds (not while the pointer rests on one); screenshots are taken without them.
async function toastsGone(page: Page): Promise<void> {
  await page.mouse.move(1, 1);
  await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 15_000 }).toBe(0);
}

async function openActions(page: Page, row: Locator): Promise<Locator> {
  await row.getByRole('button', { name: /^Actions for / }).click();
  const menu = page.getByRole('menu');
  await menu.waitFor();
  return menu;
}

describe.skipIf(!chromiumAvailable())('Users and roles in the admin app', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let owner: ApiClient;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApi(), launchChromium()]);
    base = server.baseUrl;
    owner = (await apiAs(base)).api;
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

  it('invites a user who joins through the link, follows their role changes, and is shut out once disabled', async () => {
    const errors = collectPageErrors(page);
    const invitee = { email: `noor-${Date.now()}@e2e.hotleads.test`, name: 'Noor Newcomer', password: 'Quiet-meadow-lamp-58!' };

    // The owner invites an agent; no mail server is configured here, so the page says so and shows the link.
    await signInWithPage(page, base, OWNER, '/users');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a user' });
    await dialog.getByRole('textbox', { name: 'Email' }).fill(invitee.email);
    expect(await dialog.getByRole('combobox', { name: 'Role' }).inputValue()).toBe('Agent');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const link = dialog.getByRole('textbox', { name: 'Invitation link' });
    await link.waitFor();
    expect(await dialog.textContent()).toContain('No email went out');
    const invitationUrl = await link.inputValue();
    expect(invitationUrl).toMatch(new RegExp(`^${base}/accept-invitation\\?token=.+`));
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = userRow(page, invitee.email);
    await row.getByText('Invited').waitFor();

    // The invitee opens the link in a browser of their own.
    const theirs = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    try {
      const them = await theirs.newPage();
      await them.goto(invitationUrl);
      await them.getByRole('heading', { level: 1, name: 'Join your team on Hot Leads' }).waitFor();
      expect(await them.title()).toBe('Accept invitation · Hot Leads');
      await them.getByRole('textbox', { name: 'Your name' }).fill(invitee.name);
      // The meter applies the API's rules as they type.
      const meter = them.getByTestId('password-strength');
      await them.getByLabel(/^Password/).fill('password1234');
      await expect.poll(() => meter.textContent()).toBe('Not strong enough: This password is on a list of commonly used passwords; choose another one.');
      await them.getByLabel(/^Password/).fill(invitee.password);
      await expect.poll(() => meter.textContent()).toMatch(/^(Strong|Very strong): This password will be accepted\.$/);
      expect(await seriousAccessibilityViolations(them)).toEqual([]);
      await screenshot(them, 'accept-invitation');
      await them.getByRole('button', { name: 'Join and sign in' }).click();

      // Signed in on the dashboard, with an agent's navigation.
      await them.waitForURL('**/dashboard');
      await mainNav(them).waitFor();
      const agentLinks = await navLinks(them);
      expect(agentLinks).toContain('Leads');
      expect(agentLinks).not.toContain('Users');
      expect(agentLinks).not.toContain('Settings');

      // The owner promotes them to manager, then admin, from the list.
      await page.reload();
      await row.getByText('Active').waitFor();
      expect(await row.textContent()).toContain(invitee.name);
      await changeRole(page, row, invitee.name, 'Manager');
      await changeRole(page, row, invitee.name, 'Admin');

      // After a reload their navigation has Users: an admin manages users.
      await them.reload();
      await expect.poll(() => navLinks(them)).toContain('Users');

      // The last owner is protected, whoever looks: the owner themself and the new admin.
      const ownerRow = userRow(page, OWNER.email);
      await ownerRow.getByText('Last owner').waitFor();
      expect(await ownerRow.getByRole('combobox').count()).toBe(0);
      let menu = await openActions(page, ownerRow);
      expect(await menu.textContent()).toContain(LAST_OWNER);
      expect(await menu.getByRole('menuitem', { name: 'Disable' }).isDisabled()).toBe(true);
      expect(await menu.getByRole('menuitem', { name: 'Delete' }).isDisabled()).toBe(true);
      await page.keyboard.press('Escape');

      await mainNav(them).getByRole('link', { name: 'Users' }).click();
      const ownerSeenByAdmin = userRow(them, OWNER.email);
      await ownerSeenByAdmin.getByText('Last owner').waitFor();
      expect(await ownerSeenByAdmin.getByRole('combobox').count()).toBe(0);
      // And the API, which the page mirrors, refuses the demotion: an admin never manages an owner.
      const asAdmin = (await apiAs(base, invitee)).api;
      const roles = (await asAdmin.GET('/api/v1/roles')).data!;
      const ownerId = (await asAdmin.GET('/api/v1/users', { params: { query: { q: OWNER.email } } })).data!.data[0]!.id;
      const demotion = await asAdmin.PATCH('/api/v1/users/{id}', { params: { path: { id: ownerId } }, body: { roleId: roles.find((r) => r.key === 'agent')!.id } });
      expect(demotion.response.status).toBe(403);
      expect(demotion.error).toMatchObject({ code: 'manage_not_allowed' });

      // Disabled by the owner (after a question), they are signed out at their next request.
      await mainNav(them).getByRole('link', { name: 'Dashboard' }).click();
      await them.waitForURL('**/dashboard');
      menu = await openActions(page, row);
      await menu.getByRole('menuitem', { name: 'Disable' }).click();
      const confirm = page.getByRole('dialog', { name: `Disable ${invitee.name}?` });
      await confirm.getByRole('button', { name: 'Disable user' }).click();
      await page.getByText(`${invitee.name} is signed out everywhere and cannot sign in.`).waitFor();
      await row.getByText('Disabled').waitFor();

      await mainNav(them).getByRole('link', { name: 'Leads' }).click();
      await them.waitForURL('**/sign-in**');
      await them.getByRole('button', { name: 'Sign in' }).waitFor();

      // Enabled again, they can sign in.
      menu = await openActions(page, row);
      await menu.getByRole('menuitem', { name: 'Enable' }).click();
      await page.getByText(`${invitee.name} can sign in again.`).waitFor();
      await row.getByText('Active').waitFor();
      await apiAs(base, invitee);
    } finally {
      await theirs.close();
    }
    expect(errors).toEqual([]);
  });

  it('shows an invitation link that no longer works as such', async () => {
    await page.goto(`${base}/accept-invitation?token=not-a-real-token`);
    await page.getByRole('textbox', { name: 'Your name' }).fill('Someone');
    await page.getByLabel(/^Password/).fill('Quiet-meadow-lamp-58!');
    await page.getByRole('button', { name: 'Join and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'This invitation link does not work' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('creates a custom role from the permission checklist and gives it to a user', async () => {
    const errors = collectPageErrors(page);
    const viewer = await createUser(base, owner, 'viewer', 'Vera Viewer');
    await createUser(base, owner, 'manager', 'Max Manager');
    const agentRole = (await owner.GET('/api/v1/roles')).data!.find((r) => r.key === 'agent')!;
    await owner.POST('/api/v1/users', { body: { email: `invited-${Date.now()}@e2e.hotleads.test`, roleId: agentRole.id } });

    await signInWithPage(page, base, OWNER, '/roles');
    await page.getByRole('heading', { level: 1, name: 'Roles' }).waitFor();
    expect(await page.title()).toBe('Roles · Hot Leads');
    // Built-in roles are shown, not edited.
    const builtIn = page.getByRole('table', { name: 'Permissions of the built-in roles' });
    await builtIn.waitFor();
    expect(await builtIn.getByRole('button').count()).toBe(0);

    await page.getByRole('button', { name: 'New role' }).click();
    const dialog = page.getByRole('dialog', { name: 'New role' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Lead exporter');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Works leads and exports them for the monthly report.');
    await dialog.getByRole('checkbox', { name: /^View leads/ }).check();
    await dialog.getByRole('checkbox', { name: /^Work on leads/ }).check();
    await dialog.getByRole('checkbox', { name: /^Export leads/ }).check();
    await dialog.getByRole('checkbox', { name: /^Read the audit log/ }).check();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Create role' }).click();
    const card = page.getByRole('region', { name: 'Lead exporter' });
    await card.waitFor();
    expect(await card.textContent()).toContain('View leads, Work on leads, Export leads');
    await page.getByText('Lead exporter can now be given to users.').waitFor();
    await toastsGone(page);

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'roles-light');
    await useTheme(page, 'dark');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'roles-dark');
    await useTheme(page, 'light');

    // Given to a user from the Users screen.
    await mainNav(page).getByRole('link', { name: 'Users' }).click();
    const row = userRow(page, viewer.email);
    await changeRole(page, row, 'Vera Viewer', 'Lead exporter');
    const saved = await owner.GET('/api/v1/users/{id}', { params: { path: { id: viewer.id } } });
    expect(saved.data?.roleName).toBe('Lead exporter');
    await toastsGone(page);

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'users-light');
    await useTheme(page, 'dark');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'users-dark');
    // On a phone the table scrolls sideways inside its card; the page itself does not.
    await page.setViewportSize({ width: 390, height: 844 });
    // The navbar slides away and the page reflows first.
    const [heading] = await settledBoxes(page, [page.getByRole('heading', { level: 1, name: 'Users' })]);
    expect(heading!.x).toBeLessThan(40);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The role picker and the status come first after the user, so they are not cut off behind other columns.
    const headers = await page.getByRole('table', { name: 'Users' }).getByRole('columnheader').allTextContents();
    expect(headers.slice(0, 3)).toEqual(['User', 'Role', 'Status']);
    await screenshot(page, 'users-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The role's card now counts its user.
    await mainNav(page).getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('region', { name: 'Lead exporter' }).getByText('1 user').waitFor();
    expect(errors).toEqual([]);
  });
});
