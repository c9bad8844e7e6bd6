import type { CredentialsVault, SealedCredentials } from '../integrations/credentials-vault';

// An endpoint's signing secrets as sealed together: the current one and, for 24 hours after a rotation,
// the previous one. The endpoint id is the associated data, so a sealed value moved to another endpoint
// does not open.
export interface EndpointSecrets {
  current: string;
  previous?: string;
}

const aad = (endpointId: string) => `outbound_webhook_endpoint:${endpointId}`;

export function sealSecrets(vault: CredentialsVault, endpointId: string, secrets: EndpointSecrets): SealedCredentials {
  return vault.seal(aad(endpointId), secrets.previous ? { current: secrets.current, previous: secrets.previous } : { current: secrets.current });
}

export function openSecrets(vault: CredentialsVault, endpointId: string, sealed: SealedCredentials): EndpointSecrets {
  const opened = vault.open(aad(endpointId), sealed);
  return opened.previous ? { current: opened.current, previous: opened.previous } : { current: opened.current };
}

// The secrets a delivery is signed with now: both while the rotation's overlap lasts.
export function signingSecrets(secrets: EndpointSecrets, previousExpiresAt: Date | null, now = Date.now()): string[] {
  return secrets.previous && previousExpiresAt && previousExpiresAt.getTime() > now ? [secrets.current, secrets.previous] : [secrets.current];
}
