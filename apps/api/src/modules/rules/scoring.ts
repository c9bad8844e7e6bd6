import { evaluateCondition, finishScore, SCORE_DECAY_REASON, type ConditionLead, type LeadCondition, type ScoreReason } from '@hotleads/shared';
import { compileCondition, param, type SqlParams } from './condition-sql';

export interface ScoringRule {
  id: string;
  name: string;
  condition: LeadCondition;
  points: number;
}

export interface ScoringModel {
  rules: ScoringRule[];
  // Points lost per whole day since the last contact (or since the lead came in); 0 = no decay.
  decayPerDay: number;
}

export interface ScoredLead {
  score: number;
  reasons: ScoreReason[];
}

const DAY_MS = 86_400_000;

// The decay never takes more than the rules gave, so a cold lead ends at 0 without a clamp reason.
function decayPoints(model: ScoringModel, gained: number, since: Date, now: Date): number {
  if (model.decayPerDay <= 0) return 0;
  const days = Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS));
  return Math.min(days * model.decayPerDay, Math.max(gained, 0));
}

// One lead's score in TypeScript (intake, where the lead is not stored yet).
export function scoreLead(model: ScoringModel, lead: ConditionLead, since: Date, now: Date): ScoredLead {
  // Scoring conditions never read the time of day nor the score itself (parseCondition refuses them).
  const reasons: ScoreReason[] = model.rules.filter((r) => evaluateCondition(r.condition, lead, { minuteOfDay: 0 })).map((r) => ({ rule: r.name, points: r.points }));
  const gained = reasons.reduce((sum, r) => sum + r.points, 0);
  const decay = decayPoints(model, gained, since, now);
  if (decay > 0) reasons.push({ rule: SCORE_DECAY_REASON, points: -decay });
  return finishScore(reasons);
}

// The same score as SQL over a lead row `l`: `raw` (the sum before the clamp) and `reasons` (jsonb,
// without the clamp reason, which scoreColumnsSql adds). `now` is a parameter so both sides agree.
export function scoreSql(model: ScoringModel, params: SqlParams, nowParam: string): { raw: string; reasons: string } {
  const gainedParts: string[] = [];
  const reasonParts: string[] = [];
  for (const rule of model.rules) {
    const cond = compileCondition(rule.condition, params);
    const points = param(params, rule.points, 'int');
    gainedParts.push(`CASE WHEN ${cond} THEN ${points} ELSE 0 END`);
    reasonParts.push(`CASE WHEN ${cond} THEN ${param(params, JSON.stringify([{ rule: rule.name, points: rule.points }]), 'jsonb')} ELSE '[]'::jsonb END`);
  }
  const gained = gainedParts.length ? `(${gainedParts.join(' + ')})` : '0';
  const ruleReasons = reasonParts.length ? reasonParts.join(' || ') : `'[]'::jsonb`;
  if (model.decayPerDay <= 0) return { raw: gained, reasons: ruleReasons };
  const days = `greatest(0, floor(extract(epoch FROM (${nowParam} - coalesce(l.last_contacted_at, l.created_at))) / 86400))::int`;
  const decay = `least(${days} * ${param(params, model.decayPerDay, 'int')}, greatest(${gained}, 0))`;
  return {
    raw: `(${gained} - ${decay})`,
    reasons: `(${ruleReasons} || CASE WHEN ${decay} > 0 THEN jsonb_build_array(jsonb_build_object('rule', ${param(params, SCORE_DECAY_REASON, 'text')}, 'points', -${decay})) ELSE '[]'::jsonb END)`,
  };
}
