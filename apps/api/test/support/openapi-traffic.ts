import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { RecordedResponse } from './openapi-response-validator';
import { testRunId } from './test-env';

// Bodies beyond this are not kept (exports, large imports): their status and headers are still checked.
const MAX_RECORDED_BODY = 256 * 1024;

// Every response of every test app of a run goes to one file per jest worker (no two processes append to
// the same file); the global teardown checks them all against the OpenAPI document.
export function trafficDir(runId = testRunId()): string {
  return join(__dirname, '..', '..', '..', '..', '.tmp', 'openapi-traffic', runId);
}

interface JestState {
  testPath?: string;
  currentTestName?: string;
}

// Names the test that caused a response, for the teardown's report.
function currentTest(): string {
  const state = (globalThis as { expect?: { getState(): JestState } }).expect?.getState();
  const file = state?.testPath?.split(/[\\/]/).pop() ?? 'unknown file';
  return state?.currentTestName ? `${file} > ${state.currentTestName}` : file;
}

export function recordTraffic(fastify: FastifyInstance): void {
  const dir = trafficDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `worker-${process.env.JEST_WORKER_ID ?? '0'}-${process.pid}.jsonl`);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    const record: RecordedResponse = {
      test: currentTest(),
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      headers: Object.fromEntries(Object.entries(reply.getHeaders()).map(([name, value]) => [name.toLowerCase(), String(value)])),
      // A stream (SSE, CSV export) has no body here; an empty reply has an empty one.
      body: text === undefined ? undefined : text.length > MAX_RECORDED_BODY ? undefined : text,
      streamed: text === undefined && payload !== null && payload !== undefined,
    };
    appendFileSync(file, `${JSON.stringify(record)}\n`);
    done(null, payload);
  });
}

export function readTraffic(runId: string): RecordedResponse[] {
  const dir = trafficDir(runId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as RecordedResponse);
}

export function removeTraffic(runId: string): void {
  rmSync(trafficDir(runId), { recursive: true, force: true });
}
