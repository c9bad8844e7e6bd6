// The test suite's fake Acuity Scheduling server (apps/api/test/support/fake-acuity.ts, written from the
// provider reference), loaded here instead of copied: its TypeScript is transpiled once per run into
// .tmp/bench and imported, so the bench and the e2e tests exercise the same contract.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ROOT } from '../../scripts/build-if-stale.mjs';

const SOURCE = join(ROOT, 'apps/api/test/support/fake-acuity.ts');

// Answers the module's exports: { FakeAcuity, fakeAppointment }.
export async function loadFakeAcuity() {
  const source = await readFile(SOURCE, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: SOURCE,
  });
  const dir = join(ROOT, '.tmp/bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'fake-acuity.mjs');
  await writeFile(file, outputText);
  return import(`${pathToFileURL(file).href}?v=${Date.now()}`);
}
