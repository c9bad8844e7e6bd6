import { ApiProperty } from '@nestjs/swagger';
import { SSO_PROVIDER_TYPES, type SsoProviderType } from '../sso-connection.entity';

// A workspace's single sign-on as staff with settings:manage see it. The client secret is never returned:
// only whether one is stored.
export class SsoSettingsDto {
  /** False until the settings are first saved; the other fields then hold defaults. */
  configured: boolean;
  @ApiProperty({ enum: SSO_PROVIDER_TYPES })
  providerType: SsoProviderType;
  /** Shown on the sign-in page: "Sign in with <displayName>". */
  displayName: string;
  /** The provider's issuer; its discovery document is read from `<issuerUrl>/.well-known/openid-configuration`. */
  issuerUrl: string;
  clientId: string;
  /** Whether a client secret is stored (it is never returned). */
  clientSecretSet: boolean;
  /** Email domains allowed to sign in, lower case. */
  allowedDomains: string[];
  /** The role given to people signing in for the first time; null: only invited users may sign in. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  jitRoleId: string | null;
  enabled: boolean;
  /** Passwords are refused for everyone except owners, whose password sign-in then needs MFA. */
  requireSso: boolean;
  /** The redirect URI to register at the identity provider. */
  redirectUri: string;
  /** The sign-in page link that offers this workspace's single sign-on. */
  signInUrl: string;
}
