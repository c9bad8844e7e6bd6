import { ApiProperty } from '@nestjs/swagger';
import { LeadDto } from '../../dto/lead.dto';

export class LeadPageDto {
  @ApiProperty({ type: [LeadDto] })
  data: LeadDto[];
  nextCursor: string | null;
  /** Exact, unless `totalIsEstimate` is true (counting would have been slow; the planner's estimate instead). */
  total: number;
  totalIsEstimate: boolean;
}

export class LeadEventDto {
  id: string;
  leadId: string;
  /** created, resubmitted, updated_from_source, updated, note, activity, claimed, released, deleted, restored, imported, ... */
  type: string;
  actorType: string;
  actorId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: {} })
  data: Record<string, unknown>;
  createdAt: Date;
}

export class LeadEventPageDto {
  @ApiProperty({ type: [LeadEventDto] })
  data: LeadEventDto[];
  nextCursor: string | null;
}
