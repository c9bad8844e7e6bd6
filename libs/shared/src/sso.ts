// Why a single sign-on did not sign someone in. The API sends the code back to the sign-in page
// (`/sign-in?sso_error=<code>`) and to a test sign-in's result; the page shows the words.
export const SSO_ERRORS = {
  provider_refused: 'The identity provider did not sign you in (it refused or the sign-in was cancelled). Try again, or ask your administrator.',
  provider_unreachable: 'The identity provider could not be reached. Try again in a moment.',
  invalid_response: 'The identity provider’s answer could not be verified, so you were not signed in. Try again.',
  expired: 'That sign-in link has expired or was already used. Start the sign-in again.',
  email_not_verified: 'Your identity provider has not verified your email address, so it cannot sign you in here.',
  domain_not_allowed: 'Your email address’s domain is not allowed to sign in to this workspace.',
  user_disabled: 'Your account in this workspace is disabled. Ask an administrator to enable it.',
  no_invitation: 'You have no account in this workspace yet. Ask an administrator to invite you.',
  address_has_account: 'Your email address already has an account in another workspace.',
  not_configured: 'Single sign-on is not set up for this workspace.',
  ip_not_allowed: 'This workspace does not accept sign-ins from your network. Ask an administrator, or connect from an allowed network.',
} as const;

export type SsoErrorCode = keyof typeof SSO_ERRORS;

export function isSsoErrorCode(value: unknown): value is SsoErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SSO_ERRORS, value);
}
