import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot } from './support/page';
import { apiAs, signInWithPage } from './support/session';

const PERSON = { name: 'Zelda Quixote', email: 'zelda.quixote@e2e.hotleads.test', phone: '+442079460123' };

describe.skipIf(!chromiumAvailable())('Privacy in Chromium', () => {
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

  it('finds a person, erases them after the typed confirmation, and shows the suppression', async () => {
    const baseUrl = api!.baseUrl;
    const errors = collectPageErrors(page);
    const { api: owner } = await apiAs(baseUrl);
    const created = await owner.POST('/api/v1/leads', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { name: PERSON.name, email: PERSON.email, phone: PERSON.phone, message: 'Please call me' } });
    expect(created.response.status).toBe(201);

    await signInWithPage(page, baseUrl, undefined, '/privacy');
    await page.getByRole('heading', { level: 1, name: 'Privacy' }).waitFor();
    expect(await page.title()).toBe('Privacy · Hot Leads');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Privacy' }).waitFor();

    await page.getByRole('textbox', { name: 'Email' }).fill(PERSON.email);
    await page.getByRole('button', { name: 'Find' }).click();
    const counts = page.getByRole('table', { name: 'Records per kind' });
    await counts.waitFor();
    expect(await counts.getByRole('row', { name: /Leads \(with the trash\)/ }).textContent()).toContain('1');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'privacy-search');

    await page.getByRole('button', { name: 'Erase this person…' }).click();
    const dialog = page.getByRole('dialog', { name: `Erase ${PERSON.email}?` });
    await dialog.getByText('What stays').waitFor();
    const erase = dialog.getByRole('button', { name: 'Erase permanently' });
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: `Type ${PERSON.email} to confirm` }).fill(PERSON.email);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await erase.click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByText('Suppressed: intake refuses this person').waitFor();
    await page.getByText('The workspace holds no records about this person.').waitFor();
    await page.getByRole('table', { name: 'Suppressed identifiers' }).waitFor();

    // The lead is still there, anonymous; the person cannot come back through the API.
    const lead = await owner.GET('/api/v1/leads/{id}', { params: { path: { id: (created.data as { id: string }).id } } });
    expect(lead.data).toMatchObject({ name: 'erased', email: null, phone: null });
    const again = await owner.POST('/api/v1/leads', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { email: PERSON.email } });
    expect(again.response.status).toBe(202);
    expect(errors).toEqual([]);
  });

  it('turns a retention rule on from the Privacy page', async () => {
    const baseUrl = api!.baseUrl;
    const errors = collectPageErrors(page);
    await signInWithPage(page, baseUrl, undefined, '/privacy');
    const form = page.getByRole('form', { name: 'Retention rules' });
    await form.waitFor();
    await form.getByText('Next run: none while every rule is off').waitFor();
    await form.getByRole('checkbox', { name: /Delete webhook payloads/ }).check();
    const days = form.getByRole('textbox', { name: /Delete webhook payloads: after how many days/ });
    await days.fill('14');
    await form.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText('Retention saved').waitFor();
    expect(await form.getByText('Next run: none while every rule is off').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'privacy-retention');
    const { api: owner } = await apiAs(baseUrl);
    const saved = await owner.GET('/api/v1/privacy/retention');
    expect(saved.data).toMatchObject({ webhookPayloadDays: 14, inactiveLeadMonths: null, auditMonths: null });
    expect(errors).toEqual([]);
  });
});
