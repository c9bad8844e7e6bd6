import type { LeadPriority, LeadStatus, LeadType } from '@hotleads/shared';
import type { LeadDto } from './dto/lead.dto';
import { isSlaBreached } from './lead-rules';

// The one shape a stored lead has on its way out: the columns of LEAD_COLUMNS_SQL (lead-list-query.ts),
// as pg parses them. The TypeORM entity has the same fields, so a lead loaded either way maps the same.
export interface LeadRow {
  id: string;
  type: LeadType;
  status: LeadStatus;
  priority: LeadPriority;
  qualityScore: number | null;
  score: number | null;
  scoreReasons: Array<{ rule: string; points: number }> | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  subject: string | null;
  message: string | null;
  role: string | null;
  notes: string | null;
  source: string;
  sourceRef: string | null;
  formId: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  assigneeId: string | null;
  followUpAt: Date | null;
  firstContactedAt: Date | null;
  lastContactedAt: Date | null;
  respondBy: Date | null;
  emailVerdict: string | null;
  phoneValid: boolean | null;
  phoneLineType: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

// Every path that answers with a lead (list, get, changes, ingest) goes through here.
export function toLeadDto(lead: LeadRow, deduplicated?: boolean): LeadDto {
  const dto: LeadDto = {
    id: lead.id,
    type: lead.type,
    status: lead.status,
    priority: lead.priority,
    qualityScore: lead.qualityScore,
    score: lead.score,
    scoreReasons: lead.scoreReasons ?? [],
    name: lead.name,
    email: lead.email,
    phone: lead.phone,
    company: lead.company,
    subject: lead.subject,
    message: lead.message,
    role: lead.role,
    notes: lead.notes,
    source: lead.source,
    sourceRef: lead.sourceRef,
    formId: lead.formId,
    tags: lead.tags,
    metadata: lead.metadata,
    assigneeId: lead.assigneeId,
    followUpAt: lead.followUpAt,
    firstContactedAt: lead.firstContactedAt,
    lastContactedAt: lead.lastContactedAt,
    respondBy: lead.respondBy,
    slaBreached: isSlaBreached(lead),
    emailVerdict: lead.emailVerdict ?? null,
    phoneValid: lead.phoneValid ?? null,
    phoneLineType: lead.phoneLineType ?? null,
    version: lead.version,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
    deletedAt: lead.deletedAt,
  };
  if (deduplicated !== undefined) dto.deduplicated = deduplicated;
  return dto;
}
