import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Skipped browser tests must never pass unnoticed: say so, loudly, once per file.
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const line = '!'.repeat(78);
  console.warn(
    `\n${line}\n!!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH}.\n` +
      `!!! Install it (Debian: apt-get install chromium) to run apps/web/e2e.\n${line}\n`,
  );
  return false;
}

// `extraArgs`: e.g. a host-resolver rule that sends made-up host names to this machine.
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}
