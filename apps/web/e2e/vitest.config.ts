import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests against the built app served by the real API (see e2e/support). Nothing is built here.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    // Each file boots its own API (with an embedded PostgreSQL): one at a time, with time to boot and stop.
    fileParallelism: false,
    // A test stops at its first step that never comes; this bounds a whole scenario, which on a loaded 2-core
    // machine (axe runs, screenshots, a second browser) takes several times as long as on an idle one.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // expect.poll waits for what the page will show; its 1 s default is a guess about speed that a loaded
    // 2-core machine loses. A poll that cannot succeed still fails, only later.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
