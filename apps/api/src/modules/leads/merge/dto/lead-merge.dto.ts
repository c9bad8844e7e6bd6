import { ApiProperty } from '@nestjs/swagger';
import { LeadDto } from '../../dto/lead.dto';

export class LeadMergeDto {
  id: string;
  survivorId: string;
  mergedIds: string[];
  /** Which lead each field's value came from. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', format: 'uuid' } })
  fields: Record<string, string>;
  createdAt: Date;
  /** Until when `POST /leads/merges/{id}/undo` restores the leads. */
  undoUntil: Date;
  undoneAt: Date | null;
  /** The surviving lead after the merge. */
  survivor: LeadDto;
}

export class LeadMergeUndoneDto {
  id: string;
  undoneAt: Date;
  /** Every lead of the merge as it is again, the survivor first. */
  leads: LeadDto[];
}
