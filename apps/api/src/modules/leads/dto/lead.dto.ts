import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_VERDICTS, LEAD_PRIORITIES, LEAD_STATUSES, LEAD_TYPES, PHONE_LINE_TYPES, type LeadPriority, type LeadStatus, type LeadType } from '@hotleads/shared';

export class ScoreReasonDto {
  rule: string;
  points: number;
}

export class LeadDto {
  id: string;
  @ApiProperty({ enum: LEAD_TYPES })
  type: LeadType;
  @ApiProperty({ enum: LEAD_STATUSES })
  status: LeadStatus;
  @ApiProperty({ enum: LEAD_PRIORITIES })
  priority: LeadPriority;
  qualityScore: number | null;
  /** Computed by the workspace's scoring rules, 0-100 (null until scored). */
  score: number | null;
  /** The exact contributions that add up to `score`: why this score. */
  scoreReasons: ScoreReasonDto[];
  name: string | null;
  email: string | null;
  /** E.164. */
  phone: string | null;
  company: string | null;
  subject: string | null;
  message: string | null;
  role: string | null;
  /** Staff's working notes. */
  notes: string | null;
  source: string;
  sourceRef: string | null;
  formId: string | null;
  tags: string[];
  @ApiProperty({ type: 'object', additionalProperties: {} })
  metadata: Record<string, unknown>;
  assigneeId: string | null;
  followUpAt: Date | null;
  firstContactedAt: Date | null;
  lastContactedAt: Date | null;
  /** When the first response is due (from the workspace's target for the priority). */
  respondBy: Date | null;
  /** Past respondBy without a first contact while unread or processing. */
  slaBreached: boolean;
  @ApiProperty({ type: String, nullable: true, description: `One of ${EMAIL_VERDICTS.join(', ')}; null until verified.` })
  emailVerdict: string | null;
  /** Whether the phone is a real number; null until looked up. */
  @ApiProperty({ type: Boolean, nullable: true })
  phoneValid: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: `One of ${PHONE_LINE_TYPES.join(', ')}; null until looked up or when the number is invalid.` })
  phoneLineType: string | null;
  /** Increases with every change of the lead's content. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  /** On ingest: true when the submission merged into an existing lead instead of creating one. */
  deduplicated?: boolean;
}
