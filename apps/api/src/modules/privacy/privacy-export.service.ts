import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { queryRows } from '../../common/db/sql';
import { EncryptionService } from '../../common/crypto/encryption.service';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import type { PrivacyExportDocumentDto } from './dto/privacy-export-document.dto';
import type { PrivacyExportListDto } from './dto/privacy-export-list.dto';
import type { PrivacyExportDto } from './dto/privacy-export.dto';
import type { SubjectQueryDto } from './dto/subject-query.dto';
import { ExportNotFoundException } from './export-not-found.exception';
import { PrivacyService, type Caller } from './privacy.service';

export const PRIVACY_EXPORT_JOB = 'privacy.export';
export const PRIVACY_EXPORT_EXPIRY_JOB = 'privacy.exports-expire';
const EXPIRY_INTERVAL_MS = 60 * 60_000;
const LIFETIME_MS = 24 * 60 * 60_000;

interface ExportRow {
  id: string;
  status: PrivacyExportDto['status'];
  counts: Record<string, number> | null;
  created_at: Date;
  expires_at: Date;
  downloaded_at: Date | null;
}

// What the job reads from the row (encrypted), so the person's address never sits in the job queue.
interface PendingRequest {
  query: SubjectQueryDto;
}

const aadOf = (id: string) => `privacy-export:${id}`;
const requesterOf = (ctx: Caller) => (ctx.principal.kind === 'user' ? ctx.principal.userId : ctx.principal.apiKeyId);

// The export of a person: a job gathers every record (PrivacyService.findAll) into a JSON document and a
// summary, sealed with the credentials key; the requester downloads it once within 24 hours.
@Injectable()
export class PrivacyExportService implements OnModuleInit {
  private readonly logger = new Logger('PrivacyExport');

  constructor(
    private readonly db: TenantDb,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly encryption: EncryptionService,
    private readonly privacy: PrivacyService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<{ tenantId: string; exportId: string }>(PRIVACY_EXPORT_JOB, (data) => this.build(data.tenantId, data.exportId), { retryLimit: 2, retryDelay: 30, expireInSeconds: 15 * 60 });
    await this.jobs.register(PRIVACY_EXPORT_EXPIRY_JOB, () => this.expire().then(() => undefined), { retryLimit: 1, retryDelay: 300, expireInSeconds: 15 * 60 });
  }

  @Interval(PRIVACY_EXPORT_EXPIRY_JOB, EXPIRY_INTERVAL_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(PRIVACY_EXPORT_EXPIRY_JOB, EXPIRY_INTERVAL_MS);
  }

  async request(ctx: Caller, query: SubjectQueryDto): Promise<PrivacyExportDto> {
    const tenantId = ctx.principal.tenantId;
    const { hashes } = this.privacy.subjectOf(tenantId, query);
    return this.db.run(tenantId, async (m) => {
      const [row] = await queryRows<ExportRow>(
        m,
        `INSERT INTO privacy_exports (tenant_id, requested_by, subject_hashes, expires_at) VALUES ($1, $2, $3, $4)
         RETURNING id, status, counts, created_at, expires_at, downloaded_at`,
        [tenantId, requesterOf(ctx), hashes.map((h) => h.hash), new Date(Date.now() + LIFETIME_MS)],
      );
      const pending: PendingRequest = { query: { email: query.email, phone: query.phone } };
      await m.query(`UPDATE privacy_exports SET document = $2 WHERE id = $1`, [row.id, this.encryption.encrypt(JSON.stringify(pending), aadOf(row.id))]);
      await this.jobs.enqueue(m, PRIVACY_EXPORT_JOB, { tenantId, exportId: row.id });
      await this.audit.record(m, ctx, { action: 'privacy.export', resourceType: 'privacy_export', resourceId: row.id, metadata: { subjectHashes: hashes.map((h) => h.hash) } });
      return toDto(row);
    });
  }

  async list(ctx: Caller): Promise<PrivacyExportListDto> {
    const tenantId = ctx.principal.tenantId;
    const rows = await this.db.run(tenantId, (m) =>
      queryRows<ExportRow>(
        m,
        `SELECT id, CASE WHEN status IN ('pending', 'ready') AND expires_at <= now() THEN 'expired' ELSE status END AS status, counts, created_at, expires_at, downloaded_at
         FROM privacy_exports WHERE tenant_id = $1 AND requested_by = $2 ORDER BY created_at DESC LIMIT 50`,
        [tenantId, requesterOf(ctx)],
      ),
    );
    return { items: rows.map(toDto) };
  }

  // Once: the document is dropped in the same transaction that hands it out.
  async download(ctx: Caller, id: string): Promise<PrivacyExportDocumentDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const [row] = await queryRows<{ document: string }>(
        m,
        `UPDATE privacy_exports e SET status = 'downloaded', downloaded_at = now(), document = NULL
         FROM (SELECT id, document FROM privacy_exports WHERE tenant_id = $1 AND id = $2 FOR UPDATE) old
         WHERE e.id = old.id AND e.requested_by = $3 AND e.status = 'ready' AND e.expires_at > now()
         RETURNING old.document`,
        [tenantId, id, requesterOf(ctx)],
      );
      if (!row?.document) throw new ExportNotFoundException();
      await this.audit.record(m, ctx, { action: 'privacy.export_download', resourceType: 'privacy_export', resourceId: id });
      return JSON.parse(this.encryption.decrypt(row.document, aadOf(id))) as PrivacyExportDocumentDto;
    });
  }

  // The job: idempotent (a retry of a finished export finds nothing pending).
  async build(tenantId: string, exportId: string): Promise<void> {
    await this.db.run(tenantId, async (m) => {
      const [row] = await queryRows<{ document: string | null }>(m, `SELECT document FROM privacy_exports WHERE id = $1 AND status = 'pending' FOR UPDATE`, [exportId]);
      if (!row?.document) return;
      const { query } = JSON.parse(this.encryption.decrypt(row.document, aadOf(exportId))) as PendingRequest;
      const found = await this.privacy.findAll(m, tenantId, query);
      const counts = Object.fromEntries(found.groups.map((g) => [g.kind, g.items.length]));
      const leads = found.groups.find((g) => g.kind === 'leads')?.items ?? [];
      const consent = leads.flatMap((l) => {
        const given = (l.metadata as Record<string, unknown> | null)?.consent;
        return given ? [{ leadId: l.id, ...(given as object) }] : [];
      });
      const generatedAt = new Date().toISOString();
      const document = { subject: { email: found.subject.email, phone: found.subject.phone }, generatedAt, counts, consent, records: Object.fromEntries(found.groups.map((g) => [g.kind, g.items])) };
      const body: PrivacyExportDocumentDto = { summary: summaryOf(found.subject.email ?? found.subject.phone ?? '', counts, consent.length, generatedAt), document };
      await m.query(`UPDATE privacy_exports SET status = 'ready', counts = $2, document = $3 WHERE id = $1`, [exportId, JSON.stringify(counts), this.encryption.encrypt(JSON.stringify(body), aadOf(exportId))]);
    });
  }

  // Documents past their 24 hours are dropped, downloaded or not.
  async expire(): Promise<number> {
    const tenants = await this.db.crossTenant((m) => queryRows<{ id: string }>(m, `SELECT id FROM tenants`));
    let total = 0;
    for (const tenant of tenants) {
      const rows = await this.db.run(tenant.id, (m) =>
        queryRows<{ id: string }>(m, `UPDATE privacy_exports SET status = 'expired', document = NULL WHERE tenant_id = $1 AND document IS NOT NULL AND expires_at <= now() RETURNING id`, [tenant.id]),
      );
      total += rows.length;
    }
    if (total > 0) this.logger.log({ expired: total }, 'dropped expired privacy exports');
    return total;
  }
}

function summaryOf(who: string, counts: Record<string, number>, consents: number, at: string): string {
  const held = Object.entries(counts).filter(([, n]) => n > 0);
  const lines = held.map(([kind, n]) => `- ${kind}: ${n}`);
  return [
    `What this workspace holds about ${who}, as of ${at}:`,
    ...(lines.length > 0 ? lines : ['- nothing']),
    consents > 0 ? `Consent was recorded on ${consents} submission(s); the document lists the text, policy version, time and IP of each.` : 'No consent record.',
  ].join('\n');
}

function toDto(row: ExportRow): PrivacyExportDto {
  return {
    id: row.id,
    status: row.status,
    counts: row.counts,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    downloadedAt: row.downloaded_at ? new Date(row.downloaded_at).toISOString() : null,
  };
}
