import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../../../../../api/src/modules/integrations/providers/webhook/standard-webhook-signature';
import { curlExample, EXAMPLE_LEAD, nodeExample } from './signing-examples';

const run = promisify(execFile);

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// The examples are run as a user would run them (bash, node), against a local server that keeps what it
// got; the API's verifier then judges the signature.
describe('signing examples', { timeout: 30_000 }, () => {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  let url = '';
  let dir = '';
  const secret = `whsec_${randomBytes(32).toString('base64')}`;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/webhooks/0b9f3c52-8a63-4a43-9d3e-4f5c1d2e3a4b`;
    dir = await mkdtemp(join(tmpdir(), 'signing-examples-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const verify = ({ headers, body }: Received, secrets = [secret]) =>
    verifyStandardWebhook(
      { id: headers['webhook-id'] as string, timestamp: headers['webhook-timestamp'] as string, signature: headers['webhook-signature'] as string },
      body,
      secrets,
    );

  it('the curl example sends the example lead with a valid signature', async () => {
    received.length = 0;
    const { stdout } = await run('bash', ['-c', curlExample(url, secret)]);
    expect(stdout).toContain('"received":true');
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0].body.toString('utf8'))).toEqual(EXAMPLE_LEAD);
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(verify(received[0])).toBe('valid');
    // And the check is real: another secret does not verify it.
    expect(verify(received[0], [`whsec_${randomBytes(32).toString('base64')}`])).toBe('invalid');
  });

  it('the Node example sends the example lead with a valid signature', async () => {
    received.length = 0;
    const file = join(dir, 'send-lead.mjs');
    await writeFile(file, nodeExample(url, secret));
    const { stdout } = await run(process.execPath, [file]);
    expect(stdout).toContain('200');
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0].body.toString('utf8'))).toEqual(EXAMPLE_LEAD);
    expect(verify(received[0])).toBe('valid');
    expect(verify(received[0], [`whsec_${randomBytes(32).toString('base64')}`])).toBe('invalid');
  });

  it('quotes a URL or secret holding shell characters safely', async () => {
    const script = curlExample("http://127.0.0.1:1/it's", "whsec_a'b");
    expect(script).toContain(`URL='http://127.0.0.1:1/it'"'"'s'`);
    expect(script).toContain(`SECRET='whsec_a'"'"'b'`);
  });
});
