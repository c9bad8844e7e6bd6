import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { layoutSettled } from './layout';

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

interface AxeWindow {
  axe: { run(context: object, options: object): Promise<{ violations: AxeViolation[] }> };
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Runs axe-core in the page and returns the serious and critical violations, one readable line each.
// `include` limits the check to these selectors (and any open dialog), for a test about one part of a page.
// Evaluated through the DevTools protocol, so the app's Content-Security-Policy stays on for the test.
export async function seriousAccessibilityViolations(page: Page, { include }: { include?: string[] } = {}): Promise<string[]> {
  // A dialog or drawer still fading in has half-transparent colours, and a reflow moves what axe measures.
  await layoutSettled(page);
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async (include) => {
    const context = include
      ? { include: [...include, ...(document.querySelector('.mantine-Modal-root') ? ['.mantine-Modal-root'] : [])].map((selector) => [selector]) }
      : document;
    const { violations } = await (window as unknown as AxeWindow).axe.run(context, { resultTypes: ['violations'] });
    return violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, targets: nodes.map((n) => n.target.join(' ')) }));
  }, include);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}
