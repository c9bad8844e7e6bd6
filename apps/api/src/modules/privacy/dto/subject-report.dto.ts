import { ApiProperty } from '@nestjs/swagger';
import { SubjectRecordsDto } from './subject-records.dto';

export class SubjectReportDto {
  /** The identifiers searched for, normalised as intake stores them. */
  @ApiProperty({ type: String, nullable: true })
  email: string | null;
  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
  /** Whether intake already refuses this email or phone (the person was erased). */
  suppressed: boolean;
  /** Records per kind. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  counts: Record<string, number>;
  records: SubjectRecordsDto[];
}
