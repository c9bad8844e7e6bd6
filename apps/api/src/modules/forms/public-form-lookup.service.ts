import { Injectable } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { canonicalUuid } from '../../common/db/uuid';
import { Form } from './form.entity';
import type { PublicForm } from './public-form';

const ORIGINS_TTL_MS = 10_000;
const ORIGINS_CACHE_SIZE = 10_000;

// Finds a form by its public id. This is the one look-up that must run before the tenant is known (the
// form id is all a submission carries), so it alone uses TenantDb.crossTenant, and it reads only forms.
@Injectable()
export class PublicFormLookup {
  // Allowed origins per form id (null: no such form or disabled), for CORS on every response and
  // preflight; briefly stale at worst, while submissions themselves always read the form afresh.
  private readonly origins = new Map<string, { origins: string[] | null; expires: number }>();

  constructor(private readonly db: TenantDb) {}

  // The id as the client spelt it: any letter case finds the form, and is cached under its one spelling.
  async find(spelt: string): Promise<PublicForm | null> {
    const id = canonicalUuid(spelt);
    if (id === null) return null;
    const form = await this.db.crossTenant((m) => m.findOne(Form, { where: { id } }));
    const found: PublicForm | null = form
      ? {
          id: form.id,
          tenantId: form.tenantId,
          type: form.type,
          allowedOrigins: form.allowedOrigins,
          redirectUrls: form.redirectUrls,
          defaultPriority: form.defaultPriority,
          defaultTags: form.defaultTags,
          acknowledgmentEmail: form.acknowledgmentEmail,
          enabled: form.enabled,
          consentLabel: form.consentLabel,
          consentPolicyVersion: form.consentPolicyVersion,
        }
      : null;
    this.remember(id, found?.enabled ? found.allowedOrigins : null);
    return found;
  }

  async allowedOrigins(spelt: string): Promise<string[]> {
    const id = canonicalUuid(spelt);
    if (id === null) return [];
    const cached = this.origins.get(id);
    if (cached && cached.expires > Date.now()) return cached.origins ?? [];
    const form = await this.find(id);
    return form?.enabled ? form.allowedOrigins : [];
  }

  private remember(id: string, origins: string[] | null): void {
    // A crude bound: random ids must not grow the map without limit.
    if (this.origins.size >= ORIGINS_CACHE_SIZE) this.origins.clear();
    this.origins.set(id, { origins, expires: Date.now() + ORIGINS_TTL_MS });
  }
}
