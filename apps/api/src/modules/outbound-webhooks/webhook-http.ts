import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { toStorableText } from '../../common/input/safe-text';
import { ForbiddenAddressError, guardedLookup, isForbiddenAddress, isPrivateHost } from './network-guard';

export interface HttpAttempt {
  statusCode: number | null;
  retryAfter?: string;
  excerpt: string | null;
  error: string | null;
  durationMs: number;
}

const EXCERPT_CHARS = 500;
const MAX_READ_BYTES = 64 * 1024;

// POSTs one delivery. Redirects are not followed (a 3xx is a failure like any non-2xx); the whole exchange
// has `timeoutMs`; at most 64 KiB of the answer is read. Connections are kept alive per process, and every
// new one goes through the guarded lookup (the address is checked on connect, not only when saved).
export class WebhookHttp {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: { allowPrivate: boolean; requireHttps: boolean; timeoutMs: number; maxSockets: number }) {
    const lookup = guardedLookup(options.allowPrivate) as unknown as http.AgentOptions['lookup'];
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets, lookup });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.maxSockets, lookup });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  post(rawUrl: string, headers: Record<string, string>, body: string): Promise<HttpAttempt> {
    const started = performance.now();
    const done = (a: Omit<HttpAttempt, 'durationMs'>): HttpAttempt => ({ ...a, durationMs: Math.round(performance.now() - started) });
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return Promise.resolve(done({ statusCode: null, excerpt: null, error: 'the URL is not valid' }));
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (this.options.requireHttps && url.protocol !== 'https:' && !(this.options.allowPrivate && isPrivateHost(host))) {
      return Promise.resolve(done({ statusCode: null, excerpt: null, error: 'refused: the URL must use https' }));
    }
    // An IP written in the URL never goes through a lookup, so it is checked here.
    if (!this.options.allowPrivate && isIP(host) && isForbiddenAddress(host)) {
      return Promise.resolve(done({ statusCode: null, excerpt: null, error: `refused: ${new ForbiddenAddressError(host, host).message}` }));
    }
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<HttpAttempt>((resolve) => {
      let settled = false;
      const finish = (a: Omit<HttpAttempt, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(done(a));
      };
      const request = client.request(
        url,
        { method: 'POST', agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            if (size < MAX_READ_BYTES) chunks.push(chunk);
            size += chunk.length;
            if (size >= MAX_READ_BYTES) response.destroy();
          });
          const end = () => {
            const text = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
            const retryAfter = response.headers['retry-after'];
            finish({ statusCode: response.statusCode ?? null, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined, excerpt: text ? toStorableText(text) : null, error: null });
          };
          response.on('end', end);
          response.on('close', end);
          response.on('error', end);
        },
      );
      const timer = setTimeout(() => {
        request.destroy();
        finish({ statusCode: null, excerpt: null, error: `no answer within ${this.options.timeoutMs} ms` });
      }, this.options.timeoutMs);
      request.on('error', (error: Error & { code?: string }) => {
        const reason = error instanceof ForbiddenAddressError ? `refused: ${error.message}` : `${error.code ?? 'error'}: ${error.message}`;
        finish({ statusCode: null, excerpt: null, error: toStorableText(reason.slice(0, 500)) });
      });
      request.end(body);
    });
  }
}
