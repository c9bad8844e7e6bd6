import { evaluateCondition, finishScore, SCORE_CLAMP_REASON, SCORE_DECAY_REASON, type ConditionLead, type LeadCondition, type ScoreReason } from '@hotleads/shared';
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

// The same score as SQL, in two layers so each condition is evaluated once per lead: `inner` is a select
// list over a lead row `l` (one boolean per rule and the decay days), `raw` (the sum before the clamp)
// and `reasons` (jsonb, without the clamp reason, which finishScoreSql adds) read that layer as `s`.
// `now` is a parameter so TypeScript and SQL agree on the days.
// Without `withReasons` only `raw` is built (previews), and `reasons` is an empty array.
export function scoreSql(model: ScoringModel, params: SqlParams, nowParam: string, withReasons = true): { inner: string; raw: string; reasons: string } {
  const inner: string[] = ['l.id'];
  const gainedParts: string[] = [];
  const reasonParts: string[] = [];
  model.rules.forEach((rule, i) => {
    inner.push(`${compileCondition(rule.condition, params)} AS m${i}`);
    gainedParts.push(`CASE WHEN s.m${i} THEN ${param(params, rule.points, 'int')} ELSE 0 END`);
    if (withReasons) reasonParts.push(`CASE WHEN s.m${i} THEN ${param(params, JSON.stringify([{ rule: rule.name, points: rule.points }]), 'jsonb')} ELSE '[]'::jsonb END`);
  });
  const gained = gainedParts.length ? `(${gainedParts.join(' + ')})` : '0';
  const ruleReasons = reasonParts.length ? reasonParts.join(' || ') : `'[]'::jsonb`;
  if (model.decayPerDay <= 0) return { inner: inner.join(', '), raw: gained, reasons: ruleReasons };
  inner.push(`greatest(0, floor(extract(epoch FROM (${nowParam} - coalesce(l.last_contacted_at, l.created_at))) / 86400))::int AS days`);
  const decay = `least(s.days * ${param(params, model.decayPerDay, 'int')}, greatest(${gained}, 0))`;
  return {
    inner: inner.join(', '),
    raw: `(${gained} - ${decay})`,
    reasons: withReasons
      ? `(${ruleReasons} || CASE WHEN ${decay} > 0 THEN jsonb_build_array(jsonb_build_object('rule', ${param(params, SCORE_DECAY_REASON, 'text')}, 'points', -${decay})) ELSE '[]'::jsonb END)`
      : `'[]'::jsonb`,
  };
}

// The clamp of finishScore in SQL, over a layer with `raw` and `reasons`: the score column and the
// reasons with the clamp's own reason when it bites.
export function finishScoreSql(params: SqlParams, alias: string): { score: string; reasons: string } {
  const raw = `${alias}.raw`;
  const clampRule = param(params, SCORE_CLAMP_REASON, 'text');
  return {
    score: `least(100, greatest(0, ${raw}))::smallint`,
    reasons: `(${alias}.reasons || CASE WHEN ${raw} > 100 THEN jsonb_build_array(jsonb_build_object('rule', ${clampRule}, 'points', 100 - ${raw}))
                                     WHEN ${raw} < 0 THEN jsonb_build_array(jsonb_build_object('rule', ${clampRule}, 'points', -${raw}))
                                     ELSE '[]'::jsonb END)`,
  };
}
