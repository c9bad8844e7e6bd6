import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { parseCondition, type ConditionLead, type LeadCondition } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { ApiKeyPrincipal, UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { JobsService } from '../jobs/jobs.service';
import type { CreateScoringRuleDto } from './dto/create-scoring-rule.dto';
import type { ScoringPreviewDto, ScoringPreviewResultDto } from './dto/scoring-preview.dto';
import type { ScoringRuleDto } from './dto/scoring-rule.dto';
import type { ScoringSettingsDto } from './dto/scoring-settings.dto';
import type { UpdateScoringRuleDto } from './dto/update-scoring-rule.dto';
import type { UpdateScoringSettingsDto } from './dto/update-scoring-settings.dto';
import { InvalidConditionException } from './invalid-condition.exception';
import { LeadRuleSettings } from './lead-rule-settings.entity';
import { RulesRepository, type ScoringRuleRow } from './rules.repository';
import { ScoringRule } from './scoring-rule.entity';
import { ScoringRuleNotFoundException } from './scoring-rule-not-found.exception';
import { scoreLead, type ScoredLead, type ScoringModel } from './scoring';

type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

export const RESCORE_JOB = 'rules.rescore';
// Leads per transaction of a rescoring.
const RESCORE_BATCH = 10_000;
// Intake scores with a model cached this long per process. A change of the rules starts the rescoring
// later than that, so a lead scored by a process that still had the old rules is scored again.
const MODEL_TTL_MS = 2_000;
const RESCORE_DELAY_SECONDS = 3;
const PREVIEW_SAMPLE = 10_000;
const MAX_RULES = 100;

interface RescoreJobData {
  tenantId: string;
}

// What intake knows of a lead before it is stored (NormalisedLead's fields).
export interface IntakeLeadFields {
  type: string;
  priority: string;
  source: string;
  formId: string | null;
  tags: readonly string[];
  company: string | null;
  message: string | null;
  metadata: Record<string, unknown>;
}

const asText = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function conditionLeadOf(lead: IntakeLeadFields): ConditionLead {
  const utm = lead.metadata.utm;
  return {
    source: lead.source,
    type: lead.type,
    priority: lead.priority,
    emailVerdict: null,
    phoneLineType: null,
    utmCampaign: typeof utm === 'object' && utm !== null ? asText((utm as Record<string, unknown>).campaign) : null,
    formId: lead.formId,
    country: asText(lead.metadata.country),
    tags: lead.tags,
    company: lead.company,
    message: lead.message,
    score: null,
  };
}

function toRuleDto(r: ScoringRuleRow): ScoringRuleDto {
  return { id: r.id, name: r.name, condition: r.condition as unknown as Record<string, unknown>, points: r.points, enabled: r.enabled, position: r.position };
}

function checkedCondition(raw: unknown): LeadCondition {
  const parsed = parseCondition(raw, { assignment: false });
  if ('errors' in parsed) throw new InvalidConditionException(parsed.errors);
  return parsed.condition;
}

// Scoring rules per workspace: the settings API, the score of a new lead (intake), of a changed lead (in
// the change's transaction) and of every lead after the rules change (a background job with progress).
@Injectable()
export class ScoringService implements OnModuleInit {
  private readonly logger = new Logger('Scoring');
  private readonly models = new Map<string, { model: Promise<ScoringModel>; at: number }>();

  constructor(
    private readonly db: TenantDb,
    private readonly repository: RulesRepository,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<RescoreJobData>(RESCORE_JOB, async (data) => {
      await this.rescoreAll(data.tenantId);
    }, {
      policy: 'stately',
      retryLimit: 3,
      retryDelay: 10,
      expireInSeconds: 30 * 60,
    });
  }

  async loadModel(m: EntityManager, tenantId: string): Promise<ScoringModel> {
    const [settings, rules] = await Promise.all([this.repository.settings(m, tenantId), this.repository.scoringRules(m, tenantId)]);
    return { decayPerDay: settings.decayPerDay, rules: rules.filter((r) => r.enabled).map((r) => ({ id: r.id, name: r.name, condition: r.condition, points: r.points })) };
  }

  // The model intake scores with (cached per process for MODEL_TTL_MS). A caller inside a transaction
  // passes it: a miss then reads through that transaction, never a second pool connection (a burst of
  // transactions each waiting for another connection would starve the pool).
  async modelFor(tenantId: string, m?: EntityManager): Promise<ScoringModel> {
    const cached = this.models.get(tenantId);
    if (cached && Date.now() - cached.at < MODEL_TTL_MS) return cached.model;
    if (m) {
      const model = await this.loadModel(m, tenantId);
      if (this.models.size > 10_000) this.models.clear();
      this.models.set(tenantId, { model: Promise.resolve(model), at: Date.now() });
      return model;
    }
    // One load however many requests ask at once (a burst of leads into a cold cache).
    const model = this.db.run(tenantId, (m) => this.loadModel(m, tenantId));
    if (this.models.size > 10_000) this.models.clear();
    this.models.set(tenantId, { model, at: Date.now() });
    model.catch(() => this.models.delete(tenantId));
    return model;
  }

  // A lead about to be stored: nothing is enriched yet and no day has passed.
  scoreNew(model: ScoringModel, lead: IntakeLeadFields, now = new Date()): ScoredLead {
    return scoreLead(model, conditionLeadOf(lead), now, now);
  }

  // Scores stored leads again inside the caller's transaction (after an edit, a bulk edit, a merge, an
  // enrichment), a rescoring batch per statement.
  async rescoreLeads(m: EntityManager, tenantId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const model = await this.loadModel(m, tenantId);
    const now = new Date();
    for (let i = 0; i < ids.length; i += RESCORE_BATCH) {
      await this.repository.rescore(m, tenantId, model, { ids: ids.slice(i, i + RESCORE_BATCH) }, now);
    }
  }

  async settings(ctx: Caller): Promise<ScoringSettingsDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const rules = await this.repository.scoringRules(m, tenantId);
      const row = await m.findOneBy(LeadRuleSettings, { tenantId });
      return {
        rules: rules.map(toRuleDto),
        decayPerDay: row?.decayPerDay ?? 0,
        rescore: {
          status: row?.rescoreStatus ?? 'idle',
          total: row?.rescoreTotal ?? 0,
          done: row?.rescoreDone ?? 0,
          startedAt: row?.rescoreStartedAt ?? null,
          finishedAt: row?.rescoreFinishedAt ?? null,
        },
      };
    });
  }

  async updateSettings(ctx: Caller, dto: UpdateScoringSettingsDto): Promise<ScoringSettingsDto> {
    const tenantId = ctx.principal.tenantId;
    await this.db.run(tenantId, async (m) => {
      await this.repository.ensureSettings(m, tenantId);
      await m.update(LeadRuleSettings, { tenantId }, { decayPerDay: dto.decayPerDay });
      await this.audit.record(m, ctx, { action: 'scoring.settings_update', resourceType: 'scoring_settings', changes: { decayPerDay: dto.decayPerDay } });
      await this.rulesChanged(m, tenantId);
    });
    return this.settings(ctx);
  }

  async createRule(ctx: Caller, dto: CreateScoringRuleDto): Promise<ScoringRuleDto> {
    const tenantId = ctx.principal.tenantId;
    const condition = checkedCondition(dto.condition);
    return this.db.run(tenantId, async (m) => {
      // Two creates at once must not both pass the count nor take the same position.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('scoring_rules:' || $1, 0))`, [tenantId]);
      const rules = await this.repository.scoringRules(m, tenantId);
      if (rules.length >= MAX_RULES) throw new InvalidConditionException([{ path: 'rules', message: `a workspace has at most ${MAX_RULES} scoring rules` }]);
      const position = rules.reduce((max, r) => Math.max(max, r.position), 0) + 1;
      const saved = await m.save(m.create(ScoringRule, { tenantId, name: dto.name, condition, points: dto.points, enabled: dto.enabled ?? true, position }));
      await this.audit.record(m, ctx, { action: 'scoring.rule_create', resourceType: 'scoring_rule', resourceId: saved.id, changes: { name: dto.name, points: dto.points } });
      await this.rulesChanged(m, tenantId);
      return toRuleDto(saved);
    });
  }

  async updateRule(ctx: Caller, id: string, dto: UpdateScoringRuleDto): Promise<ScoringRuleDto> {
    const tenantId = ctx.principal.tenantId;
    const condition = dto.condition === undefined ? undefined : checkedCondition(dto.condition);
    return this.db.run(tenantId, async (m) => {
      const rule = await m.findOneBy(ScoringRule, { id });
      if (!rule) throw new ScoringRuleNotFoundException();
      const changes: Partial<ScoringRule> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (condition !== undefined) changes.condition = condition;
      if (dto.points !== undefined) changes.points = dto.points;
      if (dto.enabled !== undefined) changes.enabled = dto.enabled;
      if (dto.position !== undefined) changes.position = dto.position;
      if (Object.keys(changes).length > 0) {
        await m.update(ScoringRule, { id }, changes);
        await this.audit.record(m, ctx, { action: 'scoring.rule_update', resourceType: 'scoring_rule', resourceId: id, changes: { ...changes } });
        await this.rulesChanged(m, tenantId);
      }
      return toRuleDto({ ...rule, ...changes });
    });
  }

  async deleteRule(ctx: Caller, id: string): Promise<void> {
    const tenantId = ctx.principal.tenantId;
    await this.db.run(tenantId, async (m) => {
      const { affected } = await m.delete(ScoringRule, { id });
      if (!affected) throw new ScoringRuleNotFoundException();
      await this.audit.record(m, ctx, { action: 'scoring.rule_delete', resourceType: 'scoring_rule', resourceId: id });
      await this.rulesChanged(m, tenantId);
    });
  }

  // "This rule matches N of the last 10,000 leads; the average score moves from A to B."
  async preview(ctx: Caller, dto: ScoringPreviewDto): Promise<ScoringPreviewResultDto> {
    const tenantId = ctx.principal.tenantId;
    const condition = checkedCondition(dto.condition);
    return this.db.run(tenantId, async (m) => {
      const before = await this.loadModel(m, tenantId);
      if (dto.id !== undefined && !(await m.existsBy(ScoringRule, { id: dto.id }))) throw new ScoringRuleNotFoundException();
      const others = before.rules.filter((r) => r.id !== dto.id);
      const proposed = { id: dto.id ?? 'new', name: dto.name ?? 'Preview', condition, points: dto.points };
      const after: ScoringModel = { ...before, rules: dto.enabled === false ? others : [...others, proposed] };
      const result = await this.repository.preview(m, tenantId, { before, after }, condition, PREVIEW_SAMPLE, new Date());
      return { sampled: result.sampled, matches: result.matches ?? 0, averageBefore: result.averageBefore, averageAfter: result.averageAfter };
    });
  }

  // Every change of the rules: a new version and the rescoring of every lead, queued with the change.
  private async rulesChanged(m: EntityManager, tenantId: string): Promise<void> {
    this.models.delete(tenantId);
    await this.requestRescore(m, tenantId);
  }

  // Queues the rescoring of every lead of the workspace with the caller's change of the rules.
  private async requestRescore(m: EntityManager, tenantId: string): Promise<void> {
    await this.repository.ensureSettings(m, tenantId);
    await m.query(
      `UPDATE lead_rule_settings SET rules_version = rules_version + 1, rescore_status = 'queued', rescore_done = 0, rescore_finished_at = NULL WHERE tenant_id = $1`,
      [tenantId],
    );
    await this.jobs.enqueue(m, RESCORE_JOB, { tenantId } satisfies RescoreJobData, { singletonKey: tenantId, startAfter: RESCORE_DELAY_SECONDS });
  }

  // The job: every lead of the workspace, batch by batch (each its own transaction), with the progress in
  // lead_rule_settings. It reads the rules when it starts; a change meanwhile queues the next run.
  async rescoreAll(tenantId: string): Promise<{ leads: number; ms: number }> {
    const started = Date.now();
    const { model, total } = await this.db.run(tenantId, async (m) => {
      await this.repository.ensureSettings(m, tenantId);
      const total = await this.repository.countLeads(m, tenantId);
      await m.query(
        `UPDATE lead_rule_settings SET rescore_status = 'running', rescore_total = $2, rescore_done = 0, rescore_started_at = now(), rescore_finished_at = NULL WHERE tenant_id = $1`,
        [tenantId, total],
      );
      return { model: await this.loadModel(m, tenantId), total };
    });
    const now = new Date();
    let after: { createdAt: string; id: string } | null = null;
    let done = 0;
    try {
      for (;;) {
        const batch = await this.db.run(tenantId, async (m) => {
          const result = await this.repository.rescore(m, tenantId, model, { after, limit: RESCORE_BATCH }, now);
          await m.query(`UPDATE lead_rule_settings SET rescore_done = least(rescore_done + $2, greatest(rescore_total, rescore_done + $2)) WHERE tenant_id = $1`, [
            tenantId,
            result.seen,
          ]);
          return result;
        });
        done += batch.seen;
        if (batch.seen < RESCORE_BATCH || !batch.last) break;
        after = batch.last;
      }
      await this.db.run(tenantId, (m) =>
        m.query(`UPDATE lead_rule_settings SET rescore_status = CASE WHEN rescore_status = 'queued' THEN 'queued' ELSE 'done' END, rescore_total = greatest(rescore_total, $2), rescore_finished_at = now() WHERE tenant_id = $1`, [
          tenantId,
          done,
        ]),
      );
    } catch (error) {
      await this.db.run(tenantId, (m) => m.query(`UPDATE lead_rule_settings SET rescore_status = 'failed', rescore_finished_at = now() WHERE tenant_id = $1`, [tenantId])).catch(() => undefined);
      throw error;
    }
    const ms = Date.now() - started;
    this.logger.log({ tenantId, leads: done, ms, total }, 'rescored');
    return { leads: done, ms };
  }
}
