import type { LeadDto } from './dto/lead.dto';
import type { Lead } from './lead.entity';

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
    version: lead.version,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
    deletedAt: lead.deletedAt,
  };
  if (deduplicated !== undefined) dto.deduplicated = deduplicated;
  return dto;
}
