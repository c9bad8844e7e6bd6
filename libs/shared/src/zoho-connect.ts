// Why connecting Zoho CRM through Zoho's sign-in did not finish. The API sends the code back to the app
// (`?zoho_error=<code>` on the Integrations or connection page); the page shows the words.
export const ZOHO_CONNECT_ERRORS = {
  expired: 'The Zoho sign-in took longer than 10 minutes or was already used. Start again.',
  other_browser: 'The Zoho sign-in was started by another person or in another browser. Start again from this browser.',
  not_allowed: 'You may no longer manage integrations in this workspace, so the connection was not saved.',
  denied: 'Zoho did not grant access (the consent screen was declined). Start again and choose Accept.',
  refused: 'Zoho refused the authorization code or the client ID and secret. Check them in the Zoho API Console and start again.',
  no_refresh_token: 'Zoho granted access but sent no refresh token, so the connection could not be kept. Start again.',
  unreachable: 'Zoho could not be reached. Try again in a moment.',
  connection_gone: 'The connection was deleted while you were at Zoho.',
} as const;

export type ZohoConnectErrorCode = keyof typeof ZOHO_CONNECT_ERRORS;

export function isZohoConnectErrorCode(value: unknown): value is ZohoConnectErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ZOHO_CONNECT_ERRORS, value);
}
