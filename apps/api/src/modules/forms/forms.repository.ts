import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LeadPriority, LeadType } from '@hotleads/shared';

export interface FormRow {
  id: string;
  type: LeadType;
  name: string;
  allowedOrigins: string[];
  redirectUrls: string[];
  defaultPriority: LeadPriority;
  defaultTags: string[];
  acknowledgmentEmail: boolean;
  enabled: boolean;
  consentLabel: string | null;
  consentPolicyVersion: string | null;
  submissionCount: number;
  spamCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = `
  select f.id, f.type, f.name, f.allowed_origins as "allowedOrigins", f.redirect_urls as "redirectUrls",
         f.default_priority as "defaultPriority", f.default_tags as "defaultTags",
         f.acknowledgment_email as "acknowledgmentEmail", f.enabled,
         f.consent_label as "consentLabel", f.consent_policy_version as "consentPolicyVersion", f.created_at as "createdAt", f.updated_at as "updatedAt",
         (select count(*) from leads l where l.tenant_id = f.tenant_id and l.form_id = f.id)::int as "submissionCount",
         (select count(*) from form_spam_hits s where s.tenant_id = f.tenant_id and s.form_id = f.id)::int as "spamCount"
    from forms f`;

// Forms with their counts, in the caller's tenant transaction (row-level security scopes every table).
@Injectable()
export class FormsRepository {
  list(m: EntityManager): Promise<FormRow[]> {
    return m.query(`${SELECT} order by f.created_at, lower(f.name), f.id`);
  }

  async findOne(m: EntityManager, id: string): Promise<FormRow | null> {
    const [row] = (await m.query(`${SELECT} where f.id = $1`, [id])) as FormRow[];
    return row ?? null;
  }
}
