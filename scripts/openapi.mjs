#!/usr/bin/env node
// Writes libs/api-client/openapi.json from the API's code and regenerates the typed client from it.
// With --check, writes nothing and fails when either committed file is stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const skipBuild = process.argv.includes('--no-build');
const documentPath = join(root, 'libs/api-client/openapi.json');
const schemaPath = join(root, 'libs/api-client/src/schema.d.ts');

if (!skipBuild) execFileSync('npx', ['nest', 'build', 'api'], { cwd: root, stdio: 'inherit' });
const json = execFileSync(process.execPath, [join(root, 'apps/api/dist/scripts/write-openapi.js')], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const document = JSON.parse(json);
const header = '// Generated from libs/api-client/openapi.json by `npm run openapi`. Do not edit.\n\n';
const schema = header + astToString(await openapiTS(document, { alphabetize: true, exportType: false }));

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

if (check) {
  const stale = [
    [documentPath, json],
    [schemaPath, schema],
  ].filter(([path, next]) => read(path) !== next);
  if (stale.length) {
    for (const [path] of stale) console.error(`stale: ${path.slice(root.length + 1)}`);
    console.error('The OpenAPI document or the generated client no longer matches the code: run `npm run openapi` and commit.');
    process.exit(1);
  }
  console.log('openapi: document and client are up to date');
} else {
  writeFileSync(documentPath, json);
  writeFileSync(schemaPath, schema);
  console.log(`openapi: wrote ${documentPath.slice(root.length + 1)} and ${schemaPath.slice(root.length + 1)}`);
}
