import { request } from 'node:http';
import type { LookupFunction } from 'node:net';

// Every host name is this machine, as Chromium's host-resolver rule makes it in the browser tests.
const toLocalhost: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

// fetch() for made-up host names such as acme.hotleads.test: the request goes to 127.0.0.1 with the name
// in its Host header (Node's own fetch resolves names through DNS and does not let a test set Host).
export const localFetch = async (input: Request): Promise<Response> => {
  const url = new URL(input.url);
  const body = input.method === 'GET' || input.method === 'HEAD' ? undefined : Buffer.from(await input.arrayBuffer());
  return new Promise<Response>((resolve, reject) => {
    const outgoing = request(
      { hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: input.method, headers: Object.fromEntries(input.headers), lookup: toLocalhost },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(answer.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
          }
          const status = answer.statusCode ?? 500;
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
};
