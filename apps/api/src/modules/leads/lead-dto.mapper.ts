import type { LeadDto } from './dto/lead.dto';
import type { Lead } from './lead.entity';

// Same rule as SLA_BREACHED_SQL in lead-list-query.ts.
export function isSlaBreached(lead: Pick<Lead, 'firstContactedAt' | 'respondBy' | 'status' | 'deletedAt'>, now = Date.now()): boolean {
  return (
    lead.firstContactedAt === null &&
    lead.respondBy !== null &&
    lead.respondBy.getTime() < now &&
    (lead.status === 'unread' || lead.status === 'processing') &&
    lead.deletedAt === null
  );
}

export function toLeadDto(lead: Lead, deduplicated?: boolean): LeadDto {
  const dto: LeadDto = {
    id: lead.id,
    type: lead.type,
    status: lead.status,
    priority: lead.priority,
    qualityScore: lead.qualityScore,
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
    version: lead.version,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
    deletedAt: lead.deletedAt,
  };
  if (deduplicated !== undefined) dto.deduplicated = deduplicated;
  return dto;
}
