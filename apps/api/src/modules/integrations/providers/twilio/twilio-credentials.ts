import type { Credentials } from '../../credentials-vault';
import { checkFields } from '../provider-checks';
import { lastFour, type CredentialCheck } from '../webhook-provider';

// Credentials of a Twilio account, the same for every Twilio product we use (Lookup, Messaging): the account
// SID with its auth token, or (Twilio's advice for production) an API key SID and secret with the account
// SID the key belongs to.
const SHAPES = {
  accountSid: { pattern: /^AC[0-9a-fA-F]{32}$/, message: 'accountSid must be the Twilio account SID (AC followed by 32 hex digits)' },
  authToken: { pattern: /^[A-Za-z0-9]{16,128}$/, message: 'authToken must be the Twilio auth token (16 to 128 letters and digits)' },
  apiKeySid: { pattern: /^SK[0-9a-fA-F]{32}$/, message: 'apiKeySid must be a Twilio API key SID (SK followed by 32 hex digits)' },
  apiKeySecret: { pattern: /^[A-Za-z0-9]{16,128}$/, message: 'apiKeySecret must be the Twilio API key secret (16 to 128 letters and digits)' },
};

export function checkTwilioCredentials(label: string, input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
  return checkFields(label, input, creating, SHAPES, (given) => {
    if (given.has('apiKeySid') || given.has('apiKeySecret')) return given.has('authToken') ? 'give either authToken or apiKeySid and apiKeySecret, not both' : ['accountSid', 'apiKeySid', 'apiKeySecret'];
    return ['accountSid', 'authToken'];
  });
}

export function twilioHints(credentials: Credentials): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const field of Object.keys(SHAPES)) if (credentials[field]) hints[field] = field.endsWith('Sid') ? `${credentials[field].slice(0, 2)}${lastFour(credentials[field])}` : lastFour(credentials[field]);
  return hints;
}

export function twilioAuthorization(credentials: Credentials): string {
  const user = credentials.apiKeySid ?? credentials.accountSid ?? '';
  const password = credentials.apiKeySid ? (credentials.apiKeySecret ?? '') : (credentials.authToken ?? '');
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
