// The one condition language of scoring and assignment rules. A condition is JSON: a leaf tests one
// lead field, `all` / `any` / `not` combine leaves. The API evaluates it here for one lead and compiles
// the same tree to SQL for set-based work; a property test holds the two to the same answers.

export const TEXT_CONDITION_FIELDS = ['source', 'type', 'priority', 'emailVerdict', 'phoneLineType', 'utmCampaign', 'form', 'country'] as const;
export type TextConditionField = (typeof TEXT_CONDITION_FIELDS)[number];

export const CONDITION_FIELDS = [...TEXT_CONDITION_FIELDS, 'tags', 'hasCompany', 'messageLength', 'score', 'timeOfDay'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

// Fields only an assignment rule may test: the score is known once scoring ran, the time at routing.
export const ASSIGNMENT_ONLY_FIELDS: readonly ConditionField[] = ['score', 'timeOfDay'];

export type LeafCondition =
  | { field: TextConditionField; op: 'in' | 'notIn'; value: string[] }
  | { field: 'tags'; op: 'hasAny' | 'hasAll' | 'hasNone'; value: string[] }
  | { field: 'hasCompany'; op: 'is'; value: boolean }
  | { field: 'messageLength' | 'score'; op: 'gte' | 'lt'; value: number }
  // Minutes since midnight in the workspace's time zone: from <= t < to, or wrapping midnight when from > to.
  | { field: 'timeOfDay'; op: 'between'; value: { from: string; to: string } };

export type LeadCondition = LeafCondition | { all: LeadCondition[] } | { any: LeadCondition[] } | { not: LeadCondition };

// What a condition reads of a lead (the API's row, named as the API names lead fields).
export interface ConditionLead {
  source: string;
  type: string;
  priority: string;
  emailVerdict: string | null;
  phoneLineType: string | null;
  utmCampaign: string | null;
  formId: string | null;
  country: string | null;
  tags: readonly string[];
  company: string | null;
  message: string | null;
  score: number | null;
}

export interface ConditionContext {
  // Minutes since midnight, in the workspace's time zone, of the moment the rule is applied.
  minuteOfDay: number;
}

export const CONDITION_LIMITS = { depth: 5, nodes: 50, values: 50, value: 200 } as const;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function minutesOf(hhmm: string): number {
  const match = TIME.exec(hhmm);
  if (!match) throw new RangeError(`not a time of day: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

// Text compares without regard to case (what an admin types in a rule is rarely the exact spelling).
const fold = (s: string) => s.toLowerCase();

function textOf(lead: ConditionLead, field: TextConditionField): string | null {
  switch (field) {
    case 'form':
      return lead.formId;
    default:
      return lead[field];
  }
}

export function evaluateCondition(condition: LeadCondition, lead: ConditionLead, context: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, lead, context));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, lead, context));
  if ('not' in condition) return !evaluateCondition(condition.not, lead, context);
  switch (condition.field) {
    case 'tags': {
      const tags = new Set(lead.tags.map(fold));
      const wanted = condition.value.map(fold);
      if (condition.op === 'hasAny') return wanted.some((t) => tags.has(t));
      if (condition.op === 'hasAll') return wanted.every((t) => tags.has(t));
      return !wanted.some((t) => tags.has(t));
    }
    case 'hasCompany':
      return (lead.company !== null && lead.company !== '') === condition.value;
    case 'messageLength':
    case 'score': {
      // Code points, as PostgreSQL's char_length counts them.
      const actual = condition.field === 'score' ? (lead.score ?? 0) : [...(lead.message ?? '')].length;
      return condition.op === 'gte' ? actual >= condition.value : actual < condition.value;
    }
    case 'timeOfDay': {
      const from = minutesOf(condition.value.from);
      const to = minutesOf(condition.value.to);
      const t = context.minuteOfDay;
      return from <= to ? t >= from && t < to : t >= from || t < to;
    }
    default: {
      const actual = textOf(lead, condition.field);
      const hit = actual !== null && condition.value.map(fold).includes(fold(actual));
      return condition.op === 'in' ? hit : !hit;
    }
  }
}

export interface ConditionError {
  path: string;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Checks untrusted JSON (a request body) and answers either the condition or what is wrong with it, with
// the path of each problem. `assignment` allows the assignment-only fields.
export function parseCondition(raw: unknown, options: { assignment: boolean }): { condition: LeadCondition } | { errors: ConditionError[] } {
  const errors: ConditionError[] = [];
  let nodes = 0;
  const walk = (node: unknown, path: string, depth: number): LeadCondition | null => {
    nodes++;
    if (nodes > CONDITION_LIMITS.nodes) {
      if (nodes === CONDITION_LIMITS.nodes + 1) errors.push({ path, message: `a condition has at most ${CONDITION_LIMITS.nodes} parts` });
      return null;
    }
    if (depth > CONDITION_LIMITS.depth) {
      errors.push({ path, message: `a condition nests at most ${CONDITION_LIMITS.depth} levels` });
      return null;
    }
    if (!isRecord(node)) {
      errors.push({ path, message: 'must be an object' });
      return null;
    }
    for (const group of ['all', 'any'] as const) {
      if (group in node) {
        const list = node[group];
        if (!Array.isArray(list) || list.length === 0) {
          errors.push({ path: `${path}.${group}`, message: 'must be a non-empty array of conditions' });
          return null;
        }
        const parts = list.map((c, i) => walk(c, `${path}.${group}[${i}]`, depth + 1));
        return parts.every((p): p is LeadCondition => p !== null) ? ({ [group]: parts } as LeadCondition) : null;
      }
    }
    if ('not' in node) {
      const inner = walk(node.not, `${path}.not`, depth + 1);
      return inner ? { not: inner } : null;
    }
    return leaf(node, path);
  };
  const leaf = (node: Record<string, unknown>, path: string): LeafCondition | null => {
    const { field, op, value } = node;
    if (typeof field !== 'string' || !(CONDITION_FIELDS as readonly string[]).includes(field)) {
      errors.push({ path: `${path}.field`, message: `field must be one of ${CONDITION_FIELDS.join(', ')}` });
      return null;
    }
    if (!options.assignment && ASSIGNMENT_ONLY_FIELDS.includes(field as ConditionField)) {
      errors.push({ path: `${path}.field`, message: `${field} is only available in assignment rules` });
      return null;
    }
    const opError = (ops: string[]) => errors.push({ path: `${path}.op`, message: `op must be one of ${ops.join(', ')}` });
    const strings = (): string[] | null => {
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        value.length > CONDITION_LIMITS.values ||
        value.some((v) => typeof v !== 'string' || v.length === 0 || v.length > CONDITION_LIMITS.value || v.includes('\u0000'))
      ) {
        errors.push({ path: `${path}.value`, message: `value must be 1 to ${CONDITION_LIMITS.values} non-empty strings of at most ${CONDITION_LIMITS.value} characters` });
        return null;
      }
      return value as string[];
    };
    switch (field as ConditionField) {
      case 'tags': {
        if (op !== 'hasAny' && op !== 'hasAll' && op !== 'hasNone') return opError(['hasAny', 'hasAll', 'hasNone']), null;
        const v = strings();
        return v ? { field: 'tags', op, value: v } : null;
      }
      case 'hasCompany':
        if (op !== 'is') return opError(['is']), null;
        if (typeof value !== 'boolean') return errors.push({ path: `${path}.value`, message: 'value must be true or false' }), null;
        return { field: 'hasCompany', op, value };
      case 'messageLength':
      case 'score': {
        if (op !== 'gte' && op !== 'lt') return opError(['gte', 'lt']), null;
        const max = field === 'score' ? 101 : 100_000;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
          errors.push({ path: `${path}.value`, message: `value must be an integer from 0 to ${max}` });
          return null;
        }
        return { field: field as 'messageLength' | 'score', op, value };
      }
      case 'timeOfDay': {
        if (op !== 'between') return opError(['between']), null;
        if (!isRecord(value) || typeof value.from !== 'string' || typeof value.to !== 'string' || !TIME.test(value.from) || !TIME.test(value.to)) {
          errors.push({ path: `${path}.value`, message: 'value must be { from: "HH:MM", to: "HH:MM" }' });
          return null;
        }
        return { field: 'timeOfDay', op, value: { from: value.from, to: value.to } };
      }
      default: {
        if (op !== 'in' && op !== 'notIn') return opError(['in', 'notIn']), null;
        const v = strings();
        return v ? { field: field as TextConditionField, op, value: v } : null;
      }
    }
  };
  const condition = walk(raw, 'condition', 1);
  return condition && errors.length === 0 ? { condition } : { errors: errors.length > 0 ? errors : [{ path: 'condition', message: 'invalid condition' }] };
}

// A score is the sum of the matching rules' points, less the decay, clamped to 0-100. The reasons are the
// exact contributions; when the clamp bites, a last reason says by how much, so they always add up.
export interface ScoreReason {
  rule: string;
  points: number;
}

export const SCORE_CLAMP_REASON = 'Limited to 0-100';
export const SCORE_DECAY_REASON = 'No contact (decay)';

export function finishScore(reasons: ScoreReason[]): { score: number; reasons: ScoreReason[] } {
  const sum = reasons.reduce((total, r) => total + r.points, 0);
  const score = Math.min(100, Math.max(0, sum));
  return { score, reasons: score === sum ? reasons : [...reasons, { rule: SCORE_CLAMP_REASON, points: score - sum }] };
}
