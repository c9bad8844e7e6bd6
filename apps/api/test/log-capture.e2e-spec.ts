import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLeaks, logDir } from './support/log-capture';

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
});
