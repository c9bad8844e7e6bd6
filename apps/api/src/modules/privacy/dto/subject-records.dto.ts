import { ApiProperty } from '@nestjs/swagger';

export class SubjectRecordsDto {
  /** The kind of record (one per source in the registry), e.g. `leads`, `leadEvents`. */
  kind: string;
  /** What an erasure does to records of this kind. */
  erasure: string;
  count: number;
  /** The first 100 records. */
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items: Array<Record<string, unknown>>;
}
