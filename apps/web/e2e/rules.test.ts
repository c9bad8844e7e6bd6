import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot } from './support/page';
import { apiAs, createUser, signInWithPage } from './support/session';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!chromiumAvailable())('Scoring and assignment rules in Chromium', () => {
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

  it('creates a scoring rule, previews it, and sees a lead score move', async () => {
    const baseUrl = api!.baseUrl;
    const errors = collectPageErrors(page);
    const { api: owner } = await apiAs(baseUrl);
    const created = await owner.POST('/api/v1/leads', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { name: 'Vera Important', email: 'vera.important@e2e.hotleads.test', tags: ['vip-e2e'] } });
    expect(created.response.status).toBe(201);
    const leadId = (created.data as { id: string }).id;

    await signInWithPage(page, baseUrl, undefined, '/settings/scoring');
    await page.getByRole('heading', { level: 1, name: 'Scoring' }).waitFor();
    expect(await page.title()).toBe('Scoring · Settings · Hot Leads');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Scoring' }).waitFor();
    await page.getByRole('table', { name: 'Scoring rules' }).getByText('Names a company').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add a rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a scoring rule' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('VIP customers');
    await dialog.getByRole('button', { name: 'Add a part' }).click();
    await dialog.getByRole('combobox', { name: 'Part 1: field' }).click();
    await page.getByRole('option', { name: 'Tags', exact: true }).click();
    const value = dialog.getByRole('combobox', { name: 'Part 1: value' });
    await value.fill('vip-e2e');
    await value.press('Enter');
    await dialog.getByRole('textbox', { name: /^Points/ }).fill('40');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByText(/^This rule matches 1 of the last \d+ leads; the average score moves from [\d.]+ to [\d.]+\.$/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'scoring-rule-preview');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Scoring rules' }).getByRole('row', { name: /VIP customers/ }).waitFor();
    await screenshot(page, 'scoring-rules');

    // The rescoring runs in the background; the lead's breakdown then names the new rule.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const lead = await owner.GET('/api/v1/leads/{id}', { params: { path: { id: leadId } } });
      if (lead.data?.scoreReasons.some((r) => r.rule === 'VIP customers')) {
        expect(lead.data.score).toBe(40);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the lead was not rescored: ${JSON.stringify(lead.data?.scoreReasons)}`);
      await sleep(500);
    }
    await page.goto(`${baseUrl}/leads/${leadId}`);
    const why = page.getByRole('table', { name: 'Why this score' });
    await why.getByText('VIP customers').waitFor();
    expect(await why.textContent()).toContain('40');
    expect(errors).toEqual([]);
  });

  it('creates a round-robin rule and previews who the last leads would have gone to', async () => {
    const baseUrl = api!.baseUrl;
    const errors = collectPageErrors(page);
    const { api: owner } = await apiAs(baseUrl);
    await createUser(baseUrl, owner, 'agent', 'Ada Turner');
    await createUser(baseUrl, owner, 'agent', 'Bo Turner');
    for (let i = 0; i < 4; i++) {
      const lead = await owner.POST('/api/v1/leads', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { name: `Turn lead ${i}`, email: `turn.${i}@e2e.hotleads.test` } });
      expect(lead.response.status).toBe(201);
    }

    await signInWithPage(page, baseUrl, undefined, '/settings/assignment');
    await page.getByRole('heading', { level: 1, name: 'Assignment' }).waitFor();
    await page.getByText('No rules: new leads stay unassigned until someone takes them.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add a rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an assignment rule' });
    const name = dialog.getByRole('textbox', { name: /^Name/ });
    await name.fill('Everyone in turn');
    await dialog.getByRole('combobox', { name: /Group, in turn order/ }).click();
    await page.getByRole('option', { name: 'Ada Turner' }).click();
    await page.getByRole('option', { name: 'Bo Turner' }).click();
    // Closes the options.
    await name.click();
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Assignment rules' }).getByText('Round-robin among Ada Turner, Bo Turner').waitFor();

    const perPerson = page.getByRole('list', { name: 'Leads per person' });
    await perPerson.getByText(/^Ada Turner: \d+$/).waitFor();
    const counts = (await perPerson.getByRole('listitem').allTextContents()).map((t) => t.trim());
    expect(counts).toContain('Unassigned: 0');
    const ada = Number(counts.find((t) => t.startsWith('Ada Turner'))?.split(': ')[1]);
    const bo = Number(counts.find((t) => t.startsWith('Bo Turner'))?.split(': ')[1]);
    // In turn: the two differ by at most one.
    expect(ada + bo).toBeGreaterThanOrEqual(4);
    expect(Math.abs(ada - bo)).toBeLessThanOrEqual(1);
    await page.getByRole('table', { name: 'Preview of the last 100 leads' }).getByRole('row', { name: /Turn lead 3/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'assignment-rules-preview');
    expect(errors).toEqual([]);
  });
});
