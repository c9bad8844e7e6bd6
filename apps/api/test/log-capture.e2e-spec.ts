import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLeaks, logDir, rememberedForms } from './support/log-capture';

// The check that guards every run's logs must itself be able to fail.
describe('log leak check', () => {
  const runId = `selftest-${randomBytes(4).toString('hex')}`;
  afterAll(() => rmSync(logDir(runId), { recursive: true, force: true }));

  it('finds a remembered secret and a JWT in a log file, and nothing in a clean one', () => {
    const dir = logDir(runId);
    writeFileSync(join(dir, 'secrets.jsonl'), `${JSON.stringify('correct horse battery')}\n`);
    writeFileSync(join(dir, 'clean.log'), '{"msg":"POST /api/v1/auth/login 200"}\n');
    expect(findLeaks(runId)).toEqual([]);
    writeFileSync(join(dir, 'leaky.log'), '{"msg":"oops correct horse battery"}\n{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop"}\n');
    expect(findLeaks(runId)).toEqual(['leaky.log: a secret used by a test (cor...)', 'leaky.log: a JWT']);
  });

  it('finds integration secrets: a webhook signing secret with or without its prefix, a sealed credential, a Basic credential', () => {
    const dir = logDir(`${runId}-integrations`);
    const key = randomBytes(32).toString('base64');
    // What rememberSecret would write for it (into the real run's folder; this check reads the self-test's).
    writeFileSync(join(dir, 'secrets.jsonl'), `${rememberedForms([`whsec_${key}`]).map((v) => JSON.stringify(v)).join('\n')}\n`);
    writeFileSync(join(dir, 'clean.log'), '{"msg":"POST /api/v1/webhooks/0b6c 200","deliveryId":"4f1c"}\n');
    expect(findLeaks(`${runId}-integrations`)).toEqual([]);
    writeFileSync(join(dir, 'bare-key.log'), `{"msg":"verify","key":"${key}"}\n`);
    writeFileSync(join(dir, 'prefixed.log'), `{"secret":"whsec_${key}"}\n`);
    writeFileSync(join(dir, 'sealed.log'), '{"row":{"credentials":"v1.k3y1d.bm9uY2U.Y2lwaGVydGV4dA"}}\n');
    writeFileSync(join(dir, 'basic.log'), `{"headers":{"authorization":"Basic ${Buffer.from('2718281:acuity-api-key-123').toString('base64')}"}}\n`);
    expect(findLeaks(`${runId}-integrations`).sort()).toEqual(
      [
        'bare-key.log: a secret used by a test (' + key.slice(0, 3) + '...)',
        'prefixed.log: a secret used by a test (whs...)',
        'prefixed.log: a secret used by a test (' + key.slice(0, 3) + '...)',
        'prefixed.log: a webhook signing secret',
        'sealed.log: a sealed credential',
        'basic.log: a Basic credential',
      ].sort(),
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
