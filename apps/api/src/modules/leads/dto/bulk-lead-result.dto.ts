import { ApiProperty } from '@nestjs/swagger';
import type { FieldError } from '../../../common/problem/problem.exception';

export class BulkLeadResultDto {
  /** Position of the item in the request's `leads` array. */
  index: number;
  @ApiProperty({ enum: ['created', 'merged', 'error'] })
  status: 'created' | 'merged' | 'error';
  /** The lead stored or merged into; absent on error. */
  id?: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } }, required: false })
  errors?: FieldError[];
}
