import { ApiProperty } from '@nestjs/swagger';

export class ErasureResultDto {
  /** Rows changed or deleted per kind. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  counts: Record<string, number>;
  /** Identifiers added to the suppression list (0 when already there). */
  suppressed: number;
  /** The keyed hashes that now name the person (also in the audit entry). */
  subjectHashes: string[];
}
