import { ApiProperty } from '@nestjs/swagger';
import type { FieldError } from '../../../common/problem/problem.exception';

export class BulkLeadResultDto {
  /** Position of the item in the request's `leads` array. */
  index: number;
  /** `skipped`: received, and not stored by the workspace's privacy rules. */
  @ApiProperty({ enum: ['created', 'merged', 'skipped', 'error'] })
  status: 'created' | 'merged' | 'skipped' | 'error';
  /** The lead stored or merged into; absent on error or skip. */
  id?: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } }, required: false })
  errors?: FieldError[];
}
