import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { SSO_PROVIDER_TYPES, type SsoProviderType } from '../sso-connection.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const domains = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((d: unknown) => (typeof d === 'string' ? d.trim().toLowerCase().replace(/^@/, '') : d)) : value;

// The whole settings each time, except the client secret: omitted, the stored one is kept.
export class UpdateSsoSettingsDto {
  @ApiPropertyOptional({ enum: SSO_PROVIDER_TYPES, default: 'oidc' })
  @OptionalNotNull()
  @IsIn(SSO_PROVIDER_TYPES)
  providerType?: SsoProviderType;

  /** Shown on the sign-in button, e.g. "Okta" or "Google Workspace". */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  displayName: string;

  /** The provider's issuer URL (https; plain http only in development and tests, or with SSO_ALLOW_HTTP_ISSUER). */
  @Transform(trim)
  @IsString()
  @MaxLength(2048)
  @Matches(/^https?:\/\/[^\s/?#]+[^\s?#]*$/, { message: 'issuerUrl must be an http(s) URL without query or fragment' })
  issuerUrl: string;

  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  clientId: string;

  /** Write-only. Required the first time; omitted afterwards keeps the stored one. */
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  clientSecret?: string;

  /** Email domains allowed to sign in, e.g. ["example.com"]. At least one. */
  @Transform(domains)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  @Matches(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { each: true, message: 'each allowed domain must be a domain name such as example.com' })
  allowedDomains: string[];

  /** The role for first-time SSO users (just-in-time provisioning); null turns provisioning off. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  jitRoleId: string | null;

  @IsBoolean()
  enabled: boolean;

  @IsBoolean()
  requireSso: boolean;
}
