// Copy-ready senders for a generic webhook source, signed the Standard Webhooks way: HMAC-SHA256 over
// "{webhook-id}.{webhook-timestamp}.{body}" with the base64-decoded secret (after `whsec_`), sent as
// `webhook-signature: v1,<base64>`. signing-examples.test.ts runs both against the API's own verifier.

export const EXAMPLE_LEAD = { event: 'contact.requested', name: 'Ada Lovelace', email: 'ada@example.com', message: 'Please call me back' };

// A single-quoted shell word, whatever it holds.
const shellQuote = (value: string) => `'${value.replaceAll("'", `'"'"'`)}'`;

// Bash with openssl, base64 and od (present on Linux and macOS).
export function curlExample(webhookUrl: string, secret: string): string {
  return [
    `SECRET=${shellQuote(secret)}`,
    `URL=${shellQuote(webhookUrl)}`,
    `BODY=${shellQuote(JSON.stringify(EXAMPLE_LEAD))}`,
    `ID="msg_$(openssl rand -hex 12)"`,
    `TS="$(date +%s)"`,
    `KEY="$(printf '%s' "\${SECRET#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \\n')"`,
    `SIG="$(printf '%s' "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary | base64)"`,
    `curl -sS -X POST "$URL" \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" \\`,
    `  --data-raw "$BODY"`,
  ].join('\n');
}

// Node 18 or later, no dependencies (an ES module: save it as send-lead.mjs).
export function nodeExample(webhookUrl: string, secret: string): string {
  return `import { createHmac, randomUUID } from 'node:crypto';

const url = ${JSON.stringify(webhookUrl)};
// Keep the secret out of your code repository: e.g. process.env.HOTLEADS_WEBHOOK_SECRET.
const secret = ${JSON.stringify(secret)};

const body = JSON.stringify(${JSON.stringify(EXAMPLE_LEAD)});
const id = \`msg_\${randomUUID()}\`;
const timestamp = String(Math.floor(Date.now() / 1000));
const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
const signature = createHmac('sha256', key).update(\`\${id}.\${timestamp}.\${body}\`).digest('base64');

const response = await fetch(url, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': \`v1,\${signature}\`,
  },
  body,
});
console.log(response.status, await response.text());
`;
}
