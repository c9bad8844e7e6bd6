import type { FormDto } from './dto/form.dto';
import type { FormRow } from './forms.repository';

export function toFormDto(row: FormRow, publicBaseUrl: string): FormDto {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    allowedOrigins: row.allowedOrigins,
    redirectUrls: row.redirectUrls,
    defaultPriority: row.defaultPriority,
    defaultTags: row.defaultTags,
    acknowledgmentEmail: row.acknowledgmentEmail,
    enabled: row.enabled,
    consentLabel: row.consentLabel,
    consentPolicyVersion: row.consentPolicyVersion,
    publicUrl: `${publicBaseUrl}/api/v1/public/forms/${row.id}/submissions`,
    submissionCount: row.submissionCount,
    spamCount: row.spamCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
