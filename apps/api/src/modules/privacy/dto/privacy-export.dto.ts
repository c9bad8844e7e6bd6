import { ApiProperty } from '@nestjs/swagger';

export class PrivacyExportDto {
  id: string;
  /** `pending` while the job gathers the records; `ready` to download (once); then `downloaded` or `expired`. */
  @ApiProperty({ enum: ['pending', 'ready', 'failed', 'downloaded', 'expired'] })
  status: 'pending' | 'ready' | 'failed' | 'downloaded' | 'expired';
  /** Records per kind in the document, once ready. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, nullable: true })
  counts: Record<string, number> | null;
  createdAt: string;
  /** After this the document is gone, downloaded or not. */
  expiresAt: string;
  @ApiProperty({ type: String, nullable: true })
  downloadedAt: string | null;
}
