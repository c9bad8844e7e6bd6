import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthedContext } from '../../common/auth/request-context';
import type { ApiKeyPrincipal, UserPrincipal } from '../../common/auth/principal';
import { SubjectHasher, type SubjectKind } from '../../common/crypto/subject-hasher.service';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { normaliseEmail, normalisePhone } from '../leads/lead-rules';
import type { ErasureResultDto } from './dto/erasure-result.dto';
import type { EraseSubjectDto } from './dto/erase-subject.dto';
import type { SubjectQueryDto } from './dto/subject-query.dto';
import type { SubjectReportDto } from './dto/subject-report.dto';
import type { SuppressionListDto } from './dto/suppression-list.dto';
import { ErasureNotConfirmedException } from './erasure-not-confirmed.exception';
import { InvalidSubjectException } from './invalid-subject.exception';
import type { Subject } from './personal-data-source';
import { PERSONAL_DATA_SOURCES } from './personal-data-sources';
import { PrivacyRepository, type SuppressionRow } from './privacy.repository';
import { SuppressionNotFoundException } from './suppression-not-found.exception';

export type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

// Records per kind shown by a search (the export holds them all).
const SHOWN = 100;
// Leads erased per transaction: a person with many leads never holds long locks.
const ERASE_BATCH = 200;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

export interface FoundRecords {
  subject: Subject;
  hashes: Array<{ kind: SubjectKind; hash: string }>;
  groups: Array<{ kind: string; erasure: string; items: Array<Record<string, unknown>> }>;
}

// Find, export and erase one person across every source in the registry (personal-data-sources.ts).
@Injectable()
export class PrivacyService {
  constructor(
    private readonly db: TenantDb,
    private readonly hasher: SubjectHasher,
    private readonly audit: AuditService,
    private readonly repository: PrivacyRepository,
  ) {}

  // The identifiers as intake stores them (lead-rules), or a field error.
  subjectOf(tenantId: string, query: SubjectQueryDto): { subject: Subject; hashes: Array<{ kind: SubjectKind; hash: string }> } {
    const errors: Array<{ field: string; message: string }> = [];
    const rawEmail = typeof query.email === 'string' && query.email !== '' ? query.email : null;
    const rawPhone = typeof query.phone === 'string' && query.phone !== '' ? query.phone : null;
    const email = rawEmail === null ? null : normaliseEmail(rawEmail);
    if (email !== null && !EMAIL_SHAPE.test(email)) errors.push({ field: 'email', message: 'must be an email address' });
    const phone = rawPhone === null ? null : normalisePhone(rawPhone);
    if (rawPhone !== null && phone === null) errors.push({ field: 'phone', message: 'must be a phone number in international form (+CC...)' });
    if (email === null && rawPhone === null) errors.push({ field: 'email', message: 'give an email or a phone number' });
    if (errors.length > 0) throw new InvalidSubjectException(errors);
    const needles = [email, email && encodeURIComponent(email).toLowerCase(), phone].filter((n): n is string => !!n);
    const hashes: Array<{ kind: SubjectKind; hash: string }> = [];
    if (email) hashes.push({ kind: 'email', hash: this.hasher.hash(tenantId, 'email', email) });
    if (phone) hashes.push({ kind: 'phone', hash: this.hasher.hash(tenantId, 'phone', phone) });
    return { subject: { tenantId, email, phone, needles: [...new Set(needles)], leadIds: [] }, hashes };
  }

  // Every record of the person, per kind, in one read-only snapshot.
  async findAll(m: EntityManager, tenantId: string, query: SubjectQueryDto): Promise<FoundRecords> {
    const { subject, hashes } = this.subjectOf(tenantId, query);
    const groups: FoundRecords['groups'] = [];
    for (const source of PERSONAL_DATA_SOURCES) {
      const items = await source.find(m, subject);
      if (source.kind === 'leads') subject.leadIds = items.map((r) => String(r.id));
      groups.push({ kind: source.kind, erasure: source.erasure, items });
    }
    return { subject, hashes, groups };
  }

  async search(ctx: Caller, query: SubjectQueryDto): Promise<SubjectReportDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const found = await this.findAll(m, tenantId, query);
      const suppressed = await this.repository.anySuppressed(m, tenantId, found.hashes.map((h) => h.hash));
      await this.audit.record(m, ctx, { action: 'privacy.search', resourceType: 'privacy_subject', metadata: { subjectHashes: found.hashes.map((h) => h.hash) } });
      return {
        email: found.subject.email,
        phone: found.subject.phone,
        suppressed,
        counts: Object.fromEntries(found.groups.map((g) => [g.kind, g.items.length])),
        records: found.groups.map((g) => ({ kind: g.kind, erasure: g.erasure, count: g.items.length, items: g.items.slice(0, SHOWN) })),
      };
    });
  }

  // One transaction per batch of the person's leads (with what hangs off them), then a last one for what
  // only the identifiers find, the suppression list and the audit entry, which names only the hashes.
  async erase(ctx: Caller, dto: EraseSubjectDto): Promise<ErasureResultDto> {
    const tenantId = ctx.principal.tenantId;
    const { subject, hashes } = this.subjectOf(tenantId, dto);
    const typed = typeof dto.confirm === 'string' ? dto.confirm.trim() : '';
    const expected = subject.email ?? subject.phone;
    const matches = subject.email ? normaliseEmail(typed) === subject.email : normalisePhone(typed) === subject.phone;
    if (!expected || !matches) throw new ErasureNotConfirmedException();

    const counts: Record<string, number> = Object.fromEntries(PERSONAL_DATA_SOURCES.map((s) => [s.kind, 0]));
    const add = (kind: string, n: number) => (counts[kind] = (counts[kind] ?? 0) + n);
    const leadIds = await this.db.run(tenantId, async (m) => {
      const leads = PERSONAL_DATA_SOURCES.find((s) => s.kind === 'leads')!;
      return (await leads.find(m, subject)).map((r) => String(r.id));
    });
    for (let i = 0; i < leadIds.length; i += ERASE_BATCH) {
      const batch = { ...subject, leadIds: leadIds.slice(i, i + ERASE_BATCH) };
      await this.db.run(tenantId, async (m) => {
        for (const source of PERSONAL_DATA_SOURCES) add(source.kind, await source.erase(m, batch));
      });
    }
    return this.db.run(tenantId, async (m) => {
      const rest = { ...subject, leadIds: [] };
      for (const source of PERSONAL_DATA_SOURCES) add(source.kind, await source.erase(m, rest));
      add('privacyExports', await this.repository.deleteExportsOf(m, tenantId, hashes.map((h) => h.hash)));
      const suppressed = await this.repository.suppress(m, tenantId, hashes, ctx.principal.kind === 'user' ? ctx.principal.userId : null);
      const subjectHashes = hashes.map((h) => h.hash);
      await this.audit.record(m, ctx, { action: 'privacy.erase', resourceType: 'privacy_subject', metadata: { subjectHashes, counts, suppressed } });
      return { counts, suppressed, subjectHashes };
    });
  }

  // Retention: erases one lead (and what hangs off it or names its email or phone) in one transaction,
  // through the same registry as a person's erasure; nobody asked, so nothing is suppressed.
  async eraseLead(tenantId: string, lead: { id: string; email: string | null; phone: string | null }): Promise<Record<string, number>> {
    const needles = [lead.email, lead.email && encodeURIComponent(lead.email).toLowerCase(), lead.phone].filter((n): n is string => !!n);
    const subject: Subject = { tenantId, email: lead.email, phone: lead.phone, needles: [...new Set(needles)], leadIds: [lead.id] };
    return this.db.run(tenantId, async (m) => {
      const counts: Record<string, number> = {};
      for (const source of PERSONAL_DATA_SOURCES) counts[source.kind] = await source.erase(m, subject);
      return counts;
    });
  }

  async listSuppressions(ctx: Caller): Promise<SuppressionListDto> {
    const rows = await this.db.run(ctx.principal.tenantId, (m) => this.repository.listSuppressions(m, ctx.principal.tenantId, 500));
    return { items: rows.map(toSuppressionDto) };
  }

  async liftSuppression(ctx: Caller, id: string): Promise<void> {
    const tenantId = ctx.principal.tenantId;
    await this.db.run(tenantId, async (m) => {
      const lifted = await this.repository.liftSuppression(m, tenantId, id);
      if (!lifted) throw new SuppressionNotFoundException();
      await this.audit.record(m, ctx, { action: 'privacy.suppression_lift', resourceType: 'privacy_suppression', resourceId: id, metadata: { kind: lifted.kind, subjectHash: lifted.subject_hash } });
    });
  }
}

function toSuppressionDto(row: SuppressionRow) {
  return { id: row.id, kind: row.kind, subjectHash: row.subject_hash, createdAt: new Date(row.created_at).toISOString() };
}
