import { minutesOf, type LeadCondition, type TextConditionField } from '@hotleads/shared';

// The condition language compiled to a boolean SQL expression over a lead row aliased `l`. Every value is
// a cast parameter (`$4::text[]`), so the text can also be inlined (inlineParams) for a one-round-trip
// script. The evaluator in @hotleads/shared gives the same answers; condition-sql.spec.ts holds them to it.
export interface SqlParams {
  values: unknown[];
}

export function param(params: SqlParams, value: unknown, cast: string): string {
  params.values.push(value);
  return `$${params.values.length}::${cast}`;
}

const TEXT_SQL: Record<TextConditionField, string> = {
  source: 'l.source',
  type: 'l.type',
  priority: 'l.priority',
  emailVerdict: 'l.email_verdict',
  phoneLineType: 'l.phone_line_type',
  utmCampaign: `(l.metadata -> 'utm' ->> 'campaign')`,
  form: 'l.form_id::text',
  country: `(l.metadata ->> 'country')`,
};

export interface CompileOptions {
  // SQL for the minutes since midnight (workspace time zone) at which the rule applies.
  minuteOfDaySql?: string;
}

const lowered = (values: string[]) => values.map((v) => v.toLowerCase());

export function compileCondition(condition: LeadCondition, params: SqlParams, options: CompileOptions = {}): string {
  if ('all' in condition) return `(${condition.all.map((c) => compileCondition(c, params, options)).join(' AND ')})`;
  if ('any' in condition) return `(${condition.any.map((c) => compileCondition(c, params, options)).join(' OR ')})`;
  if ('not' in condition) return `(NOT ${compileCondition(condition.not, params, options)})`;
  switch (condition.field) {
    case 'tags': {
      const wanted = param(params, lowered(condition.value), 'text[]');
      const tags = `ARRAY(SELECT lower(t) FROM unnest(l.tags) t)`;
      if (condition.op === 'hasAny') return `(${tags} && ${wanted})`;
      if (condition.op === 'hasAll') return `(${tags} @> ${wanted})`;
      return `(NOT (${tags} && ${wanted}))`;
    }
    case 'hasCompany':
      return `((coalesce(l.company, '') <> '') = ${param(params, condition.value, 'boolean')})`;
    case 'messageLength':
    case 'score': {
      const actual = condition.field === 'score' ? 'coalesce(l.score, 0)' : `char_length(coalesce(l.message, ''))`;
      return `(${actual} ${condition.op === 'gte' ? '>=' : '<'} ${param(params, condition.value, 'int')})`;
    }
    case 'timeOfDay': {
      if (!options.minuteOfDaySql) throw new Error('a time-of-day condition needs the minute of day');
      const from = param(params, minutesOf(condition.value.from), 'int');
      const to = param(params, minutesOf(condition.value.to), 'int');
      const t = options.minuteOfDaySql;
      return `(CASE WHEN ${from} <= ${to} THEN ${t} >= ${from} AND ${t} < ${to} ELSE ${t} >= ${from} OR ${t} < ${to} END)`;
    }
    default: {
      const hit = `coalesce(lower(${TEXT_SQL[condition.field]}) = ANY(${param(params, lowered(condition.value), 'text[]')}), false)`;
      return condition.op === 'in' ? `(${hit})` : `(NOT ${hit})`;
    }
  }
}

// Minutes since midnight of a timestamp SQL expression in a time zone (a parameter).
export function minuteOfDaySql(timestampSql: string, timeZoneParam: string): string {
  return `(extract(hour FROM (${timestampSql}) AT TIME ZONE ${timeZoneParam})::int * 60 + extract(minute FROM (${timestampSql}) AT TIME ZONE ${timeZoneParam})::int)`;
}
