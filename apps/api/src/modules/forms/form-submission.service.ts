import { Injectable, NotFoundException } from '@nestjs/common';
import type { RequestContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { ValidationException } from '../../common/problem/validation.exception';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import { normaliseLead } from '../leads/lead-input';
import { LeadIntakeService } from '../leads/lead-intake.service';
import { ACKNOWLEDGMENT_JOB, type AcknowledgmentJobData } from '../mail/acknowledgment-mail.job';
import type { PublicForm } from './public-form';
import { PublicFormLookup } from './public-form-lookup.service';
import { honeypotFilled, parseSubmission, redirectOf } from './submission-fields';
import { toStorableText } from '../../common/input/safe-text';
import { Metrics } from '../../common/metrics/metrics.service';

// Where the submission came from, as the request tells it.
export interface SubmissionClient {
  ctx: RequestContext;
  referer: string | null;
  origin: string | null;
  query: Record<string, unknown>;
}

export interface SubmissionOutcome {
  // Set when the form asked for a redirect that the form allows: answer 303 to it.
  redirect: string | null;
}

const ANONYMOUS = { type: 'anonymous' as const, id: null, label: null };

// Stored headers are not fields the visitor chose: cleaned, never refused (docs/decisions/0013).
const header = (value: string | null, max: number) => (value ? toStorableText(value.slice(0, max)) : null);

// A public form submission: a lead (new or merged), its audit entry and, when the form says so, the
// acknowledgment email job, all in one transaction of the form's tenant. The answer is the same whether
// the lead was new, merged or the submission was spam, so nothing about existing leads leaks.
@Injectable()
export class FormSubmissionService {
  constructor(
    private readonly lookup: PublicFormLookup,
    private readonly db: TenantDb,
    private readonly intake: LeadIntakeService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly metrics: Metrics,
  ) {}

  async submit(formId: string, body: unknown, client: SubmissionClient): Promise<SubmissionOutcome> {
    const form = await this.lookup.find(formId);
    if (!form || !form.enabled) throw new NotFoundException('No such form');
    const request = {
      ip: client.ctx.ip,
      userAgent: client.ctx.userAgent,
      referer: header(client.referer, 2048),
      origin: header(client.origin, 512),
    };

    if (honeypotFilled(body)) {
      await this.recordSpam(form, client.ctx, request);
      // A bot gets the same answer as a person, redirect included.
      return { redirect: this.allowedRedirect(form, redirectOf(body)) };
    }

    const parsed = parseSubmission(body, client.query);
    if ('errors' in parsed) throw new ValidationException(parsed.errors);
    const { input, utm, fields, redirect, consent } = parsed.submission;
    if (form.consentLabel !== null && !consent) throw new ValidationException([{ field: 'consent', message: 'must be given: tick the consent checkbox' }]);
    const metadata: Record<string, unknown> = { ...request };
    // What the person agreed to, when and from where: the proof the lead keeps (and the export shows).
    if (form.consentLabel !== null) metadata.consent = { text: form.consentLabel, policyVersion: form.consentPolicyVersion, givenAt: new Date().toISOString(), ip: client.ctx.ip };
    if (Object.keys(utm).length > 0) metadata.utm = utm;
    if (Object.keys(fields).length > 0) metadata.fields = fields;
    const normalised = normaliseLead(input, {
      source: 'form',
      type: form.type,
      priority: form.defaultPriority,
      tags: form.defaultTags,
      formId: form.id,
      metadata,
    });
    if ('errors' in normalised) throw new ValidationException(normalised.errors);
    const { lead } = normalised;

    await this.db.run(form.tenantId, async (m) => {
      const [result] = await this.intake.ingest(m, form.tenantId, [{ index: 0, lead }], { actor: { type: 'anonymous' } });
      this.metrics.intake('form', [result]);
      if (result.status === 'error') throw new ValidationException(result.errors);
      // An erased person gets the same answer as anyone (intake audited the refusal).
      if (result.status === 'suppressed') return;
      await this.audit.record(m, client.ctx, {
        action: 'lead.form_submission',
        tenantId: form.tenantId,
        actor: ANONYMOUS,
        resourceType: 'lead',
        resourceId: result.id,
        metadata: { formId: form.id, outcome: result.status },
      });
      if (form.acknowledgmentEmail && lead.email) {
        const job: AcknowledgmentJobData = { tenantId: form.tenantId, leadId: result.id, to: lead.email };
        await this.jobs.enqueue(m, ACKNOWLEDGMENT_JOB, job);
      }
    });
    return { redirect: this.allowedRedirect(form, redirect) };
  }

  private async recordSpam(form: PublicForm, ctx: RequestContext, request: Record<string, unknown>): Promise<void> {
    await this.db.run(form.tenantId, async (m) => {
      await m.query(`insert into form_spam_hits (tenant_id, form_id, metadata) values ($1, $2, $3)`, [form.tenantId, form.id, request]);
      await this.audit.record(m, ctx, {
        action: 'form.spam',
        tenantId: form.tenantId,
        actor: ANONYMOUS,
        resourceType: 'form',
        resourceId: form.id,
        metadata: { referer: request.referer, origin: request.origin },
      });
    });
  }

  // Only the form's own list: anything else would make the form an open redirect.
  private allowedRedirect(form: PublicForm, redirect: string | null): string | null {
    return redirect !== null && form.redirectUrls.includes(redirect) ? redirect : null;
  }
}
