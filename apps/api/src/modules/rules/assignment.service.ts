import { Injectable } from '@nestjs/common';
import { evaluateCondition, parseCondition, type ConditionLead, type LeadCondition } from '@hotleads/shared';
import type { EntityManager } from 'typeorm';
import type { ApiKeyPrincipal, UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { AssignmentRule } from './assignment-rule.entity';
import { AssignmentRuleNotFoundException } from './assignment-rule-not-found.exception';
import type { AssignmentPreviewDto } from './dto/assignment-preview.dto';
import type { AssignmentRuleDto, AssignmentSettingsDto } from './dto/assignment-rule.dto';
import type { CreateAssignmentRuleDto } from './dto/create-assignment-rule.dto';
import type { RouteLeadsResultDto } from './dto/route-leads.dto';
import type { UpdateAssignmentRuleDto } from './dto/update-assignment-rule.dto';
import type { UpdateAssignmentSettingsDto } from './dto/update-assignment-settings.dto';
import { InvalidAssignmentTargetException } from './invalid-assignment-target.exception';
import { InvalidConditionException } from './invalid-condition.exception';
import { LeadRuleSettings } from './lead-rule-settings.entity';
import { RulesRepository, type AssignmentRuleRow, type RoutableLeadRow } from './rules.repository';
import { isTimeZone, minuteOfDay } from './time-of-day';

type Caller = AuthedContext<UserPrincipal | ApiKeyPrincipal>;

const MAX_RULES = 100;
const PREVIEW_LEADS = 100;
const ROUTE_DEFAULT_LIMIT = 1_000;
// Intake reads a workspace's assignment rules from a per-process cache this old at most; a change here
// clears it at once.
const RULES_TTL_MS = 2_000;

interface IntakeRules {
  rules: AssignmentRuleRow[];
  timeZone: string;
}

function toRuleDto(r: AssignmentRuleRow): AssignmentRuleDto {
  return {
    id: r.id,
    name: r.name,
    condition: r.condition as unknown as Record<string, unknown> | null,
    action: r.action,
    userId: r.userId,
    groupUserIds: r.groupUserIds,
    lastUserId: r.lastUserId,
    enabled: r.enabled,
    position: r.position,
  };
}

function checkedCondition(raw: unknown): LeadCondition | null {
  if (raw === null || raw === undefined) return null;
  const parsed = parseCondition(raw, { assignment: true });
  if ('errors' in parsed) throw new InvalidConditionException(parsed.errors);
  return parsed.condition;
}

const matches = (rule: AssignmentRuleRow, lead: ConditionLead, minute: number) => rule.condition === null || evaluateCondition(rule.condition, lead, { minuteOfDay: minute });

// The round-robin step: the first available member after the one who got the last lead.
export function nextInTurn(group: readonly string[], lastUserId: string | null, available: ReadonlySet<string>): string | null {
  const start = lastUserId === null ? -1 : group.indexOf(lastUserId);
  for (let k = 1; k <= group.length; k++) {
    const candidate = group[(start + k + group.length) % group.length];
    if (available.has(candidate)) return candidate;
  }
  return null;
}

// Assignment rules: ordered per workspace, the first enabled rule that matches and has someone available
// assigns the lead (a rule whose user or whole group is away, disabled or full passes the lead on).
// Applied to new leads inside their intake transaction and on demand to unassigned ones.
@Injectable()
export class AssignmentService {
  private readonly rulesCache = new Map<string, { value: Promise<IntakeRules>; at: number }>();

  constructor(
    private readonly db: TenantDb,
    private readonly repository: RulesRepository,
    private readonly audit: AuditService,
  ) {}

  // The workspace's enabled rules and time zone as intake reads them: from a per-process cache at most
  // RULES_TTL_MS old (a change here clears it at once). The turn's statement reads the rule rows again, so
  // a rule disabled or deleted meanwhile assigns nothing; only a condition edited in another process can be
  // read up to that long late.
  private intakeRules(tenantId: string): Promise<IntakeRules> {
    const cached = this.rulesCache.get(tenantId);
    if (cached && Date.now() - cached.at < RULES_TTL_MS) return cached.value;
    const value = this.db.run(tenantId, async (m) => {
      const rules = (await this.repository.assignmentRules(m, tenantId)).filter((r) => r.enabled);
      const { timeZone } = rules.length ? await this.repository.settings(m, tenantId) : { timeZone: 'UTC' };
      return { rules, timeZone };
    });
    if (this.rulesCache.size > 10_000) this.rulesCache.clear();
    this.rulesCache.set(tenantId, { value, at: Date.now() });
    value.catch(() => this.rulesCache.delete(tenantId));
    return value;
  }

  // A new lead's assignment at intake, for its one-round-trip script. The rules it matches are read in
  // TypeScript (with the score it is stored with). When a round-robin rule is among them, its turn is
  // taken first in a short transaction of its own (RulesRepository.takeTurn), so the rule's row is never
  // held across the intake's COMMIT and its disk write: concurrent leads take turns in microseconds instead
  // of queueing for whole transactions. The answer is then the user to store the lead with (`assignment`).
  // A lead whose intake then stores nothing (a duplicate merges on the transactional path) has used its
  // turn: round-robin stays fair over many leads, not lead by lead. A user with a capacity is counted
  // exactly: their turn runs inside the intake's transaction, after the INSERT, with the rule locked until
  // its COMMIT (`then`: statements for the same script), so two leads never both fill their last slot.
  // Only user rules matching: their pick runs in the script too, without a lock. Neither when no rule
  // matches or nobody is available.
  async intakeTurn(tenantId: string, leadId: string, lead: ConditionLead): Promise<{ assignment?: { userId: string; ruleId: string; ruleName: string }; then: string[] }> {
    const { rules, timeZone } = await this.intakeRules(tenantId);
    if (rules.length === 0) return { then: [] };
    const minute = minuteOfDay(new Date(), timeZone);
    const matching = rules.filter((rule) => matches(rule, lead, minute));
    if (matching.length === 0) return { then: [] };
    const ruleIds = matching.map((r) => r.id);
    const roundRobinIds = matching.filter((r) => r.action === 'round_robin').map((r) => r.id);
    if (roundRobinIds.length === 0) return { then: this.repository.intakeTurnScript(tenantId, leadId, ruleIds, roundRobinIds) };
    const turn = await this.repository.takeTurn(this.db, tenantId, ruleIds, roundRobinIds);
    if (turn === null) return { then: [] };
    if (turn.limited) return { then: this.repository.intakeTurnScript(tenantId, leadId, ruleIds, roundRobinIds) };
    return { assignment: { userId: turn.userId, ruleId: turn.ruleId, ruleName: turn.ruleName }, then: [] };
  }

  // New leads, in the transaction that stored them. Answers lead id -> user id for those assigned.
  async routeNew(m: EntityManager, tenantId: string, leadIds: string[]): Promise<Map<string, string>> {
    if (leadIds.length === 0) return new Map();
    const rules = (await this.repository.assignmentRules(m, tenantId)).filter((r) => r.enabled);
    if (rules.length === 0) return new Map();
    const leads = (await this.repository.routableLeads(m, tenantId, leadIds)).filter((l) => l.assigneeId === null);
    return this.route(m, tenantId, rules, leads);
  }

  private async route(m: EntityManager, tenantId: string, rules: AssignmentRuleRow[], leads: RoutableLeadRow[]): Promise<Map<string, string>> {
    const assigned = new Map<string, string>();
    if (leads.length === 0) return assigned;
    const { timeZone } = await this.repository.settings(m, tenantId);
    const minute = minuteOfDay(new Date(), timeZone);
    await this.repository.planTurns(m);
    // Several leads in one transaction take every round-robin lock they might need at once, in one order,
    // so two batches cannot wait for each other; a single lead takes only its matching rules'.
    if (leads.length > 1) {
      await this.repository.lockRoundRobin(m, tenantId, rules.filter((r) => r.action === 'round_robin').map((r) => r.id));
    }
    for (const lead of leads) {
      const matching = rules.filter((rule) => matches(rule, lead, minute));
      if (matching.length === 0) continue;
      if (leads.length === 1) await this.repository.lockRoundRobin(m, tenantId, matching.filter((r) => r.action === 'round_robin').map((r) => r.id));
      const userId = await this.repository.pickAndAssign(m, tenantId, lead.id, matching.map((r) => r.id));
      if (userId !== null) assigned.set(lead.id, userId);
    }
    return assigned;
  }

  // POST /leads/route: the unassigned open leads matching a list filter, oldest first.
  async routeUnassigned(ctx: Caller, where: (params: unknown[]) => { sql: string; params: unknown[] }, limit = ROUTE_DEFAULT_LIMIT): Promise<RouteLeadsResultDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const rules = (await this.repository.assignmentRules(m, tenantId)).filter((r) => r.enabled);
      const leads = await this.repository.unassignedLeads(m, where([]), limit);
      const assigned = rules.length ? await this.route(m, tenantId, rules, leads) : new Map<string, string>();
      const byUser: Record<string, number> = {};
      for (const userId of assigned.values()) byUser[userId] = (byUser[userId] ?? 0) + 1;
      await this.audit.record(m, ctx, { action: 'lead.route', resourceType: 'lead', metadata: { considered: leads.length, assigned: assigned.size } });
      return { considered: leads.length, assigned: assigned.size, byUser };
    });
  }

  // Who the rules, as they are now, would give the workspace's last 100 leads to: the round-robin turns
  // are simulated from each rule's position, availability is today's. Nothing is written.
  async preview(ctx: Caller): Promise<AssignmentPreviewDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const rules = (await this.repository.assignmentRules(m, tenantId)).filter((r) => r.enabled);
      const { timeZone } = await this.repository.settings(m, tenantId);
      const leads = (await this.repository.recentLeads(m, tenantId, PREVIEW_LEADS)).reverse();
      const members = [...new Set(rules.flatMap((r) => (r.action === 'user' ? [r.userId!] : r.groupUserIds)))];
      const available = members.length ? await this.repository.availableUsers(m, tenantId, members) : new Set<string>();
      const last = new Map(rules.map((r) => [r.id, r.lastUserId]));
      const rows = leads.map((lead) => {
        const minute = minuteOfDay(new Date(lead.createdAt), timeZone);
        for (const rule of rules) {
          if (!matches(rule, lead, minute)) continue;
          const userId = rule.action === 'user' ? (available.has(rule.userId!) ? rule.userId : null) : nextInTurn(rule.groupUserIds, last.get(rule.id) ?? null, available);
          if (userId === null) continue;
          if (rule.action === 'round_robin') last.set(rule.id, userId);
          return { leadId: lead.id, name: lead.name, createdAt: lead.createdAt, userId, ruleId: rule.id, ruleName: rule.name };
        }
        return { leadId: lead.id, name: lead.name, createdAt: lead.createdAt, userId: null, ruleId: null, ruleName: null };
      });
      const byUser: Record<string, number> = {};
      for (const row of rows) if (row.userId) byUser[row.userId] = (byUser[row.userId] ?? 0) + 1;
      return { rows: rows.reverse(), byUser, unassigned: rows.filter((r) => r.userId === null).length };
    });
  }

  async settings(ctx: Caller): Promise<AssignmentSettingsDto> {
    const tenantId = ctx.principal.tenantId;
    return this.db.run(tenantId, async (m) => {
      const rules = await this.repository.assignmentRules(m, tenantId);
      const { timeZone } = await this.repository.settings(m, tenantId);
      return { rules: rules.map(toRuleDto), timeZone };
    });
  }

  async updateSettings(ctx: Caller, dto: UpdateAssignmentSettingsDto): Promise<AssignmentSettingsDto> {
    const tenantId = ctx.principal.tenantId;
    if (!isTimeZone(dto.timeZone)) throw new InvalidAssignmentTargetException('timeZone', 'not a known IANA time zone');
    await this.db.run(tenantId, async (m) => {
      await this.repository.ensureSettings(m, tenantId);
      await m.update(LeadRuleSettings, { tenantId }, { timeZone: dto.timeZone });
      await this.audit.record(m, ctx, { action: 'assignment.settings_update', resourceType: 'assignment_settings', changes: { timeZone: dto.timeZone } });
    });
    return this.settings(ctx);
  }

  async createRule(ctx: Caller, dto: CreateAssignmentRuleDto): Promise<AssignmentRuleDto> {
    const tenantId = ctx.principal.tenantId;
    const condition = checkedCondition(dto.condition);
    return this.db.run(tenantId, async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('assignment_rules:' || $1, 0))`, [tenantId]);
      const rules = await this.repository.assignmentRules(m, tenantId);
      if (rules.length >= MAX_RULES) throw new InvalidAssignmentTargetException('rules', `a workspace has at most ${MAX_RULES} assignment rules`);
      const target = await this.checkTarget(m, tenantId, dto.action, dto.userId ?? null, dto.groupUserIds ?? []);
      const position = rules.reduce((max, r) => Math.max(max, r.position), 0) + 1;
      const saved = await m.save(m.create(AssignmentRule, { tenantId, name: dto.name, condition, ...target, enabled: dto.enabled ?? true, position, lastUserId: null }));
      await this.audit.record(m, ctx, { action: 'assignment.rule_create', resourceType: 'assignment_rule', resourceId: saved.id, changes: { name: dto.name, action: dto.action } });
      this.rulesCache.delete(tenantId);
      return toRuleDto(saved as AssignmentRuleRow);
    });
  }

  async updateRule(ctx: Caller, id: string, dto: UpdateAssignmentRuleDto): Promise<AssignmentRuleDto> {
    const tenantId = ctx.principal.tenantId;
    const condition = dto.condition === undefined ? undefined : checkedCondition(dto.condition);
    return this.db.run(tenantId, async (m) => {
      const rule = await m.findOneBy(AssignmentRule, { id });
      if (!rule) throw new AssignmentRuleNotFoundException();
      const action = dto.action ?? rule.action;
      const target = await this.checkTarget(m, tenantId, action, dto.userId ?? rule.userId, dto.groupUserIds ?? rule.groupUserIds);
      const changes: Partial<AssignmentRule> = { ...target };
      if (dto.name !== undefined) changes.name = dto.name;
      if (condition !== undefined) changes.condition = condition;
      if (dto.enabled !== undefined) changes.enabled = dto.enabled;
      if (dto.position !== undefined) changes.position = dto.position;
      await m.update(AssignmentRule, { id }, changes);
      await this.audit.record(m, ctx, { action: 'assignment.rule_update', resourceType: 'assignment_rule', resourceId: id, changes: { ...changes } });
      this.rulesCache.delete(tenantId);
      return toRuleDto({ ...rule, ...changes } as AssignmentRuleRow);
    });
  }

  async deleteRule(ctx: Caller, id: string): Promise<void> {
    const tenantId = ctx.principal.tenantId;
    await this.db.run(tenantId, async (m) => {
      const { affected } = await m.delete(AssignmentRule, { id });
      if (!affected) throw new AssignmentRuleNotFoundException();
      await this.audit.record(m, ctx, { action: 'assignment.rule_delete', resourceType: 'assignment_rule', resourceId: id });
    });
    this.rulesCache.delete(tenantId);
  }

  private async checkTarget(m: EntityManager, tenantId: string, action: 'user' | 'round_robin', userId: string | null, group: string[]) {
    if (action === 'user') {
      if (!userId) throw new InvalidAssignmentTargetException('userId', 'an assign-to-user rule names a user');
      if ((await this.repository.userIdsExist(m, tenantId, [userId])).length !== 1) throw new InvalidAssignmentTargetException('userId', 'not a user of this workspace');
      return { action, userId, groupUserIds: [] as string[] };
    }
    const unique = [...new Set(group)];
    if (unique.length === 0) throw new InvalidAssignmentTargetException('groupUserIds', 'a round-robin rule names at least one user');
    if (unique.length !== group.length) throw new InvalidAssignmentTargetException('groupUserIds', 'a user appears twice in the group');
    const found = new Set(await this.repository.userIdsExist(m, tenantId, unique));
    const missing = unique.filter((u) => !found.has(u));
    if (missing.length) throw new InvalidAssignmentTargetException('groupUserIds', `not users of this workspace: ${missing.join(', ')}`);
    return { action, userId: null, groupUserIds: unique };
  }
}
