// A real OpenID provider (the certified oidc-provider package) for tests, run as its own process because
// the package is ESM-only. Configuration comes as JSON in OIDC_TEST_CONFIG:
//   { port, clients: [{ client_id, client_secret, redirect_uris }] }
// Anyone may sign in with any password: the login is the email address, and an address starting with
// "unverified" comes with email_verified false. Consent is given on the spot.
// In front of the provider sits a small relay for the token endpoint, so a test can have the ID token
// altered on its way to the client (POST /__control {"tamper": true}), as an attacker in the middle would.
import { createServer, request as httpRequest } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const issuer = `http://127.0.0.1:${config.port}`;
let tamper = false;

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({ ...c, grant_types: ['authorization_code'], response_types: ['code'] })),
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
  // Put the requested claims in the ID token itself, as Google, Okta and Entra ID do.
  conformIdTokenClaims: false,
  cookies: { keys: ['local provider cookie key for tests only'] },
  features: { devInteractions: { enabled: false } },
  findAccount: async (_ctx, accountId) => ({
    accountId,
    claims: async () => ({
      sub: accountId,
      email: accountId,
      email_verified: !accountId.startsWith('unverified'),
      name: accountId.split('@')[0],
    }),
  }),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
});
const handle = provider.callback();

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local identity provider</title></head>
<body><main><h1>Local identity provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Email</label> <input id="login" name="login" type="email" autocomplete="username" required>
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form></main></body></html>`;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function finish(req, res, accountId) {
  const details = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId, amr: ['pwd', 'mfa'] }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

async function interaction(req, res, uid, action) {
  if (req.method === 'GET' && !action) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid));
      return;
    }
    await finish(req, res, details.session.accountId);
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const login = form.get('login') ?? '';
    if (!login.includes('@') || !form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid, 'Enter an email address and a password.'));
      return;
    }
    await finish(req, res, login.toLowerCase());
    return;
  }
  res.writeHead(404).end();
}

// The token endpoint through the relay: the provider answers on an inner server, and the relay may flip a
// byte of the ID token's signature before the client sees it.
let innerPort = 0;
function relayToken(req, res, body) {
  const forward = httpRequest({ host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    const chunks = [];
    answer.on('data', (c) => chunks.push(c));
    answer.on('end', () => {
      let text = Buffer.concat(chunks).toString('utf8');
      if (tamper && answer.statusCode === 200) {
        const tokens = JSON.parse(text);
        const [header, payload, signature] = tokens.id_token.split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        claims.email = `intruder+${claims.email}`;
        tokens.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
        text = JSON.stringify(tokens);
      }
      const headers = { ...answer.headers, 'content-length': Buffer.byteLength(text) };
      res.writeHead(answer.statusCode ?? 500, headers).end(text);
    });
  });
  forward.on('error', () => res.writeHead(502).end());
  forward.end(body);
}

const inner = createServer(handle);
inner.listen(0, '127.0.0.1', () => {
  innerPort = inner.address().port;
  const outer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const route = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
    const run = async () => {
      if (url.pathname === '/__control' && req.method === 'POST') {
        tamper = JSON.parse(await readBody(req)).tamper === true;
        res.writeHead(204).end();
      } else if (url.pathname === '/token') {
        relayToken(req, res, await readBody(req));
      } else if (route) {
        await interaction(req, res, route[1], route[2]);
      } else {
        handle(req, res);
      }
    };
    run().catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.message ?? error));
    });
  });
  outer.listen(config.port, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ ready: true, issuer })}\n`));
});
