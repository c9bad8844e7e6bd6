import { ApiProperty } from '@nestjs/swagger';

export class ZohoOAuthInfoDto {
  /** Whether "Connect with Zoho" can be offered: the installation has a public URL (PUBLIC_URL). */
  available: boolean;

  /** The redirect URI to register for the client in the Zoho API Console; null when unavailable. */
  @ApiProperty({ type: String, nullable: true })
  redirectUri: string | null;

  /** The scopes the connection asks Zoho for. */
  scopes: string[];
}
