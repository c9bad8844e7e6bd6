import { ApiProperty } from '@nestjs/swagger';

export class PrivacyExportDocumentDto {
  /** A short human-readable account of what the workspace holds. */
  summary: string;
  /** Every record per kind, with consent records of the person's leads. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  document: Record<string, unknown>;
}
