import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '@hotleads/api-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiServer } from './support/api-server';
import { seriousAccessibilityViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/browser';
import { collectPageErrors, screenshot, useTheme } from './support/page';
import { apiAs, signInWithPage } from './support/session';

const ROWS = 50_000;
// Every 5,000th row has an email the API refuses, so the errors file has something in it.
const BAD = (i: number) => i % 5_000 === 4_999;

describe.skipIf(!chromiumAvailable())('CSV import in Chromium', () => {
  let server: ApiServer | undefined;
  let browser: Browser | undefined;
  let owner: ApiClient;
  let token: string;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let dir: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApi({ env: { RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_LOGIN: '1000' } }), launchChromium()]);
    ({ api: owner, token } = await apiAs(server.baseUrl));
    dir = await mkdtemp(join(tmpdir(), 'hl-import-e2e-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (server) expect(await server.stop()).toBe(0);
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light', acceptDownloads: true });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context.close();
  });

  it('imports a 50,000-row file with the saved mapping, showing live progress and the errors file', { timeout: 600_000 }, async () => {
    // An earlier import named the columns: "Kontakt" and "Firma" are no field names, so only the saved mapping maps them.
    const earlier = new FormData();
    earlier.append('mapping', JSON.stringify({ Kontakt: 'name', Mail: 'email', Firma: 'company' }));
    earlier.append('file', new Blob(['Kontakt,Mail,Firma\nEarly Bird,early@import.e2e.test,Before\n'], { type: 'text/csv' }), 'earlier.csv');
    const first = await fetch(`${server!.baseUrl}/api/v1/leads/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: earlier });
    expect(first.status).toBe(202);

    const lines = ['Kontakt,Mail,Firma,Ignored'];
    for (let i = 0; i < ROWS; i++) lines.push(`Lead ${i},${BAD(i) ? `broken-${i}` : `lead${i}@import.e2e.test`},Company ${i % 97},x`);
    const path = join(dir, 'fifty-thousand.csv');
    await writeFile(path, lines.join('\n') + '\n');

    await signInWithPage(page, server!.baseUrl, undefined, '/imports');
    await page.getByRole('heading', { level: 1, name: 'Import leads' }).waitFor();
    expect(await page.title()).toBe('Import leads · Hot Leads');
    await page.getByRole('table', { name: 'Past imports' }).getByText('earlier.csv').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.locator('input[type="file"]').setInputFiles(path);
    const mapping = page.getByRole('table', { name: 'Column mapping' });
    await mapping.waitFor();
    expect(await mapping.getByRole('combobox', { name: 'Lead field for Kontakt' }).inputValue()).toBe('name');
    expect(await mapping.getByRole('combobox', { name: 'Lead field for Mail' }).inputValue()).toBe('email');
    expect(await mapping.getByRole('combobox', { name: 'Lead field for Firma' }).inputValue()).toBe('company');
    expect(await mapping.getByRole('combobox', { name: 'Lead field for Ignored' }).inputValue()).toBe('');
    expect(await mapping.textContent()).toContain('Lead 0 · Lead 1 · Lead 2');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-mapping-light');
    await useTheme(page, 'dark');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-mapping-dark');
    await useTheme(page, 'light');

    await page.getByPlaceholder('Type and press Enter').fill('fair-2026');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Start import' }).click();

    // Watch the counter as the page updates it: it moves up while the rows are merged.
    const processed = page.getByTestId('import-processed');
    await processed.waitFor({ timeout: 60_000 });
    const seen: number[] = [];
    const deadline = Date.now() + 480_000;
    for (;;) {
      const text = (await processed.textContent()) ?? '';
      const match = /^([\d,]+) of ([\d,]+) rows processed$/.exec(text);
      expect(match, text).not.toBeNull();
      expect(match![2]).toBe(ROWS.toLocaleString('en'));
      const value = Number(match![1].replace(/,/g, ''));
      if (seen.at(-1) !== value) seen.push(value);
      if (value === ROWS && (await page.getByRole('heading', { name: 'Import finished' }).isVisible())) break;
      if (Date.now() > deadline) throw new Error(`import still at ${text}`);
      await page.waitForTimeout(100);
    }
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]).toBeLessThan(ROWS);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const failed = ROWS / 5_000;
    expect(await page.getByTestId('import-created').textContent()).toBe((ROWS - failed).toLocaleString('en'));
    expect(await page.getByTestId('import-failed').textContent()).toBe(String(failed));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'import-finished');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download the errors (${failed} rows)` }).click()]);
    const errorsCsv = await readFile((await download.path())!, 'utf8');
    const errorLines = errorsCsv.trim().split(/\r?\n/);
    expect(errorLines[0]).toBe('row,message');
    // Row numbers as a spreadsheet shows them: the header is row 1.
    expect(errorLines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: failed }, (_, k) => 5_000 * k + 4_999 + 2));

    // Checked through the API: the import, its tags and the mapping it saved.
    const list = await owner.GET('/api/v1/leads/imports');
    const latest = list.data!.data[0];
    expect(latest).toMatchObject({ filename: 'fifty-thousand.csv', status: 'completed', totalRows: ROWS, processedRows: ROWS, created: ROWS - failed, failed });
    await page.getByRole('table', { name: 'Past imports' }).getByText('fifty-thousand.csv').waitFor();
    const found = await owner.GET('/api/v1/leads', { params: { query: { q: 'lead49998@import.e2e.test' } } });
    expect(found.data?.data[0]).toMatchObject({ name: 'Lead 49998', company: `Company ${49_998 % 97}`, tags: ['fair-2026'] });
    const saved = await owner.GET('/api/v1/leads/imports/mapping');
    expect(saved.data?.mapping).toEqual({ Kontakt: 'name', Mail: 'email', Firma: 'company' });
    expect(errors).toEqual([]);
  });
});
