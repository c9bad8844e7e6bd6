import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './support/test-app';

// A built SPA in miniature: index.html, a hashed script and its source map.
async function webDist(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hotleads-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><script src="/assets/app-1a2b.js"></script>');
  await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log(1);\n//# sourceMappingURL=app-1a2b.js.map');
  await writeFile(join(root, 'assets', 'app-1a2b.js.map'), '{"version":3,"sources":["../src/secret.ts"],"mappings":""}');
  return root;
}

describe('serving the web app', () => {
  let root: string;
  let production: TestApp;
  let development: TestApp;

  beforeAll(async () => {
    root = await webDist();
    const web = { SERVE_WEB: 'true', WEB_DIST_DIR: root };
    production = await createTestApp({ env: { ...web, NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-long-enough-for-hs256' } });
    development = await createTestApp({ env: { ...web, NODE_ENV: 'development' } });
  });

  afterAll(async () => {
    await production?.close();
    await development?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('never serves source maps in production: 404 problem+json, as for any unknown file', async () => {
    const res = await production.http.get('/assets/app-1a2b.js.map').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
    expect(JSON.stringify(res.body)).not.toContain('secret.ts');
    // The script itself and the app are served.
    await production.http.get('/assets/app-1a2b.js').expect(200);
    await production.http.get('/leads').set('Accept', 'text/html').expect(200);
  });

  it('serves them outside production, for debugging a build', async () => {
    const res = await development.http.get('/assets/app-1a2b.js.map').expect(200);
    expect(res.text).toContain('secret.ts');
  });
});
