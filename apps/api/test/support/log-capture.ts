import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type DestinationStream } from 'pino';
import { testRunId } from './test-env';

// Every test app of a run writes its logs (at debug level) under one folder; tests note the secrets they
// use; the global teardown fails the run if any secret shows up in any log line.
export function logDir(runId = testRunId()): string {
  const dir = join(__dirname, '..', '..', '..', '..', '.tmp', 'test-logs', runId);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function logDestination(name: string): DestinationStream {
  return pino.destination({ dest: join(logDir(), `${name}.log`), sync: true });
}

// What the check looks for, for each remembered value. A webhook signing secret is a leak without its
// prefix too: the key is the base64 after `whsec_`.
export function rememberedForms(values: Array<string | undefined | null>): string[] {
  return values
    .flatMap((v) => (typeof v === 'string' && v.startsWith('whsec_') ? [v, v.slice('whsec_'.length)] : [v]))
    .filter((v): v is string => typeof v === 'string' && v.length >= 8);
}

export function rememberSecret(...values: Array<string | undefined | null>): void {
  const lines = rememberedForms(values).map((v) => JSON.stringify(v));
  if (lines.length) appendFileSync(join(logDir(), 'secrets.jsonl'), `${lines.join('\n')}\n`);
}

const PATTERNS: Array<[name: string, pattern: RegExp]> = [
  ['a JWT', /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/],
  ['an API key secret', /hl_[\w-]{12}_[\w-]{20,}/],
  ['an argon2 hash', /\$argon2id\$/],
  ['an otpauth URI', /otpauth:\/\//],
  ['a webhook signing secret', /whsec_[A-Za-z0-9+/]{20,}/],
  ['a sealed credential', /"credentials":"v1\.[\w-]+\.[\w-]+\.[\w-]+"/],
  // A provider's Basic credentials (Acuity: base64 of "userId:apiKey") hide the remembered API key.
  ['a Basic credential', /\bBasic [A-Za-z0-9+/]{12,}={0,2}/],
];

// Returns a description of each leak found (secrets masked), empty when clean.
export function findLeaks(runId: string): string[] {
  const dir = logDir(runId);
  const secretsFile = join(dir, 'secrets.jsonl');
  const secrets = existsSync(secretsFile)
    ? [...new Set(readFileSync(secretsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string))]
    : [];
  const leaks: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.log'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push(`${file}: a secret used by a test (${secret.slice(0, 3)}...)`);
    }
    for (const [name, pattern] of PATTERNS) if (pattern.test(text)) leaks.push(`${file}: ${name}`);
  }
  return leaks;
}

export function logFiles(runId: string): string[] {
  return readdirSync(logDir(runId)).filter((f) => f.endsWith('.log'));
}
