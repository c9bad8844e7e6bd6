import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenApiResponseValidator, type OpenApiDocument } from './openapi-response-validator';
import { readTraffic, removeTraffic } from './openapi-traffic';

const DOCUMENT_PATH = join(__dirname, '..', '..', '..', '..', 'libs', 'api-client', 'openapi.json');
const SHOWN = 40;

// Fails the run when any response the e2e tests caused is not what the committed OpenAPI document says
// (CI's check:openapi keeps that file equal to what the code produces).
export function checkOpenApiTraffic(runId: string): void {
  const traffic = readTraffic(runId);
  if (!traffic.length) return;
  try {
    const document = JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8')) as OpenApiDocument;
    const validator = new OpenApiResponseValidator(document);
    // One line per distinct mismatch, with the first test that caused it.
    const mismatches = new Map<string, string>();
    const operations = new Set<string>();
    for (const response of traffic) {
      if (response.route) operations.add(`${response.method} ${response.route}`);
      for (const problem of validator.check(response)) {
        const key = `${response.method} ${response.route} ${response.status}: ${problem}`;
        if (!mismatches.has(key)) mismatches.set(key, response.test);
      }
    }
    if (mismatches.size) {
      const lines = [...mismatches].slice(0, SHOWN).map(([key, test]) => `${key}\n      (${test})`);
      const more = mismatches.size > SHOWN ? `\n  ... and ${mismatches.size - SHOWN} more` : '';
      throw new Error(
        `${mismatches.size} kinds of response do not match libs/api-client/openapi.json; document them (then npm run openapi):\n  ${lines.join('\n  ')}${more}`,
      );
    }
    console.log(`openapi check: ${traffic.length} responses over ${operations.size} routes match the document`);
  } finally {
    removeTraffic(runId);
  }
}
