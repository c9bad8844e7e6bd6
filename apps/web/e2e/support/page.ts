import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { layoutSettled } from './layout';
import { SCREENSHOTS_DIR } from './paths';

// Taken once the page has stopped moving, so a shot never catches a drawer mid-slide or a reflow half done.
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await layoutSettled(page);
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

// A page's console errors and uncaught exceptions, e.g. scripts or styles blocked by the CSP.
// `foreignOrigin`: a third party's pages the test visits (a local identity provider); their console is not ours.
export function collectPageErrors(page: Page, foreignOrigin?: string): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (foreignOrigin && message.location().url.startsWith(foreignOrigin)) return;
    errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

// Switches the app's theme with its own toggle and waits until the page shows it.
export async function useTheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  const current = await page.locator('html').getAttribute('data-mantine-color-scheme');
  if (current === scheme) return;
  await page.getByRole('button', { name: `Switch to ${scheme} theme` }).first().click();
  await page.locator(`html[data-mantine-color-scheme="${scheme}"]`).waitFor({ state: 'attached' });
}
