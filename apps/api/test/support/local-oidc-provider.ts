import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './api-process';

export interface LocalOidcProvider {
  issuer: string;
  // Has the relay alter the ID token in the token endpoint's answers (true) or pass them on (false).
  tamper(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalOidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

// Starts test/support/oidc-provider-process.mjs (the oidc-provider package) on a free port.
export async function startLocalOidcProvider(clients: LocalOidcClient[]): Promise<LocalOidcProvider> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider-process.mjs')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', OIDC_TEST_CONFIG: JSON.stringify({ port, clients }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local OpenID provider did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { issuer: string }).issuer);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local OpenID provider exited (${code}):\n${output}`));
    });
  });
  return {
    issuer,
    async tamper(on) {
      const answer = await fetch(`${issuer}/__control`, { method: 'POST', body: JSON.stringify({ tamper: on }) });
      if (answer.status !== 204) throw new Error(`tamper control answered ${answer.status}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// A browser's trip through the provider without a browser: follows redirects with the provider's
// cookies, signs in on its login form, and stops at the first redirect to `redirectUri`, answering its
// query (code and state, or error).
export async function signInAtProvider(authorizationUrl: string, redirectUri: string, email: string): Promise<URLSearchParams> {
  const cookies = new Map<string, string>();
  const remember = (answer: Response) => {
    for (const cookie of answer.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(redirectUri)) return new URL(url).searchParams;
    const answer = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: cookieHeader() } });
    remember(answer);
    init = {};
    const location = answer.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const page = await answer.text();
    const form = page.match(/<form method="post" action="([^"]+)"/);
    if (answer.status !== 200 || !form) throw new Error(`the provider answered ${answer.status} at ${url}: ${page.slice(0, 300)}`);
    url = new URL(form[1], url).toString();
    init = {
      method: 'POST',
      body: new URLSearchParams({ login: email, password: 'any password' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  }
  throw new Error('too many redirects at the provider');
}
