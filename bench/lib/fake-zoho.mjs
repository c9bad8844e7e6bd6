// The test suite's fake Zoho CRM (apps/api/test/support/fake-zoho.ts, written from the provider
// reference), transpiled once per run into .tmp/bench and imported like the fake Acuity: the bench and the
// e2e tests exercise the same contract.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ROOT } from '../../scripts/build-if-stale.mjs';

const SOURCE = join(ROOT, 'apps/api/test/support/fake-zoho.ts');

// Answers the module's exports: { FakeZoho }.
export async function loadFakeZoho() {
  const source = await readFile(SOURCE, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: SOURCE,
  });
  const dir = join(ROOT, '.tmp/bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'fake-zoho.mjs');
  await writeFile(file, outputText);
  return import(`${pathToFileURL(file).href}?v=${Date.now()}`);
}
