import { ApiProperty } from '@nestjs/swagger';

export class SuppressionDto {
  id: string;
  @ApiProperty({ enum: ['email', 'phone'] })
  kind: 'email' | 'phone';
  /** The keyed hash of the identifier; the identifier itself is not kept. */
  subjectHash: string;
  createdAt: string;
}
