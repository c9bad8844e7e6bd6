import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { CONFIG_SECTIONS } from './load-config';

// Every variable the API reads must be documented in .env.example, and nothing stale may stay there.
describe('.env.example', () => {
  const documented = new Set(
    readFileSync(join(__dirname, '..', '..', '..', '..', '.env.example'), 'utf8')
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => Boolean(name)),
  );
  const read = new Set(
    CONFIG_SECTIONS.flatMap((section) => Object.keys((section.schema as unknown as z.ZodObject).shape)),
  );

  it('documents every variable the configuration reads', () => {
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents nothing the configuration does not read', () => {
    const extra = [...documented].filter((name) => !read.has(name) && name !== 'TEST_DATABASE_URL');
    expect(extra).toEqual([]);
  });
});
