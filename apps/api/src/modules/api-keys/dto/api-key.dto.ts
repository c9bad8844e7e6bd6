import { ApiProperty } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from '@hotleads/shared';

export const API_KEY_STATUSES = ['active', 'expired', 'revoked'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

// Never carries the secret or its hash.
export class ApiKeyDto {
  id: string;
  name: string;
  /** Visible start of the key (`hl_` + 12 characters), to tell keys apart. */
  prefix: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true })
  scopes: Permission[];
  @ApiProperty({ enum: API_KEY_STATUSES })
  status: ApiKeyStatus;
  createdAt: Date;
  /** Updated at most once a minute. */
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Id of the user who created the key. */
  createdBy: string | null;
}
