import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

// The API the dev server forwards to; in production the API serves this app itself (same origin).
const apiTarget = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Source, not the libs' build output, so the SPA gets ES modules and tree-shaking. The subpath comes
    // before its package: the first alias whose key prefixes the import wins.
    alias: {
      '@hotleads/api-client': fromRoot('libs/api-client/src/index.ts'),
      '@hotleads/shared/password-policy': fromRoot('libs/shared/src/password-policy.ts'),
      '@hotleads/shared': fromRoot('libs/shared/src/index.ts'),
      '@': fromRoot('apps/web/src'),
    },
  },
  server: {
    // Anchored patterns: a client route such as /healthy-leads must stay with the SPA.
    proxy: {
      '^/api/': apiTarget,
      '^/health(/|$)': apiTarget,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // None: served, they would publish our whole source. To debug a build, make one with
    // `npx vite build --sourcemap`; the API serves maps only outside production (serve-web.ts).
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Vendor code changes less often than ours: separate chunks stay cached across releases. Only what the
        // first screen needs is grouped here; charts and date pickers stay in the lazy chunks of their pages.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'router', test: /node_modules[\\/](react-router|cookie|set-cookie-parser)[\\/]/, priority: 25 },
            { name: 'query', test: /node_modules[\\/](@tanstack[\\/](query-core|react-query)|openapi-fetch)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
