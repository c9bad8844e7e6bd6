import type { ApiClient, Schemas } from '@hotleads/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot } from './support/page';
import { apiAs, signInWithPage } from './support/session';

type LeadDto = Schemas['LeadDto'];

// An undo gives back every field; version and updatedAt move on with every write (decision 0029).
const content = ({ version: _v, updatedAt: _u, ...rest }: LeadDto) => rest;

describe.skipIf(!chromiumAvailable())('Merging duplicates in Chromium', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let owner: ApiClient;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  async function lead(body: { name: string; email?: string; phone?: string; company?: string }): Promise<string> {
    const created = await owner.POST('/api/v1/leads', { body: { ...body, source: 'e2e' } });
    if (!created.data || !('id' in created.data)) throw new Error(`create failed: ${JSON.stringify(created.error ?? created.data)}`);
    return created.data.id;
  }

  async function get(id: string): Promise<LeadDto> {
    const res = await owner.GET('/api/v1/leads/{id}', { params: { path: { id } } });
    if (!res.data) throw new Error(`GET ${id} failed: ${res.response.status}`);
    return res.data;
  }

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

  it('merges two near duplicates with a field choice, then undoes it: both leads exactly as before', async () => {
    const older = await lead({ name: 'Mira Merge', company: 'Mergeworks', email: 'mira@mergeworks.example' });
    const newer = await lead({ name: 'Mira Merge', company: 'Mergeworks', email: 'm.merge@other.example', phone: '+49 30 1234567' });
    const before = { older: await get(older), newer: await get(newer) };

    await signInWithPage(page, server!.baseUrl, undefined, '/duplicates');
    await page.getByRole('button', { name: 'Merge Mira Merge and Mira Merge' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge leads' });
    const fields = dialog.getByRole('table', { name: 'Fields to keep' });
    await fields.waitFor();
    // The newer email is preset; keep the older one instead.
    expect(await fields.getByRole('radio', { name: 'Email: m.merge@other.example' }).isChecked()).toBe(true);
    await fields.getByRole('radio', { name: 'Email: mira@mergeworks.example' }).check();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'merge-dialog');
    await dialog.getByRole('button', { name: 'Merge' }).click();

    const toast = page.getByRole('alert').filter({ hasText: 'Leads merged' });
    await toast.waitFor();
    const survivor = await get(newer);
    expect(survivor).toMatchObject({ email: 'mira@mergeworks.example', phone: before.newer.phone, deletedAt: null });
    expect((await get(older)).deletedAt).not.toBeNull();

    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Merge undone').waitFor();
    expect(content(await get(older))).toEqual(content(before.older));
    expect(content(await get(newer))).toEqual(content(before.newer));
    expect(errors).toEqual([]);
  });

  it('shows "merged from" in the survivor’s timeline', async () => {
    const older = await lead({ name: 'Tom Timeline', company: 'Mergeworks', email: 'tom@mergeworks.example' });
    const newer = await lead({ name: 'Tom Timeline', company: 'Mergeworks', email: 'tom.t@other.example' });
    const merged = await owner.POST('/api/v1/leads/merge', { body: { survivorId: newer, leadIds: [older] } });
    expect(merged.response.status).toBe(200);

    await signInWithPage(page, server!.baseUrl, undefined, `/leads/${newer}`);
    await page.getByText('Merged from Tom Timeline').first().waitFor();
    expect(errors).toEqual([]);
  });
});
