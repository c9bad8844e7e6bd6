import { EMAIL_VERDICTS, LEAD_PRIORITIES, LEAD_TYPES, PHONE_LINE_TYPES, type LeadCondition, type LeafCondition } from '@hotleads/shared';
import { LINE_TYPE_LABELS, EMAIL_VERDICT_LABELS } from '@/features/enrichment/utils/labels';
import { PRIORITY_LABELS, TYPE_LABELS } from '@/utils/lead-labels';

// What the editor edits: leaves joined by "all" or "any". Every condition the editor makes is one of
// these; a condition written otherwise (through the API: nesting, `not`) is shown read-only and replaced
// only when the admin starts over.
export interface ConditionDraft {
  join: 'all' | 'any';
  leaves: LeafCondition[];
}

export type EditorField = LeafCondition['field'];

export interface FieldSpec {
  field: EditorField;
  label: string;
  ops: Array<{ value: string; label: string }>;
  kind: 'text' | 'boolean' | 'number' | 'time';
  // Known values to pick from (free text otherwise).
  options?: Array<{ value: string; label: string }>;
  hint?: string;
  assignmentOnly?: boolean;
}

const IN_OPS = [
  { value: 'in', label: 'is one of' },
  { value: 'notIn', label: 'is none of' },
];
const options = (values: readonly string[], labels: Record<string, string>) => values.map((value) => ({ value, label: labels[value] ?? value }));

export const FIELD_SPECS: FieldSpec[] = [
  { field: 'source', label: 'Source', ops: IN_OPS, kind: 'text', options: ['api', 'form', 'webhook', 'import', 'manual'].map((v) => ({ value: v, label: v })), hint: 'Where the lead came from, e.g. form, api, zoho' },
  { field: 'type', label: 'Type', ops: IN_OPS, kind: 'text', options: options(LEAD_TYPES, TYPE_LABELS) },
  { field: 'priority', label: 'Priority', ops: IN_OPS, kind: 'text', options: options(LEAD_PRIORITIES, PRIORITY_LABELS) },
  {
    field: 'tags',
    label: 'Tags',
    ops: [
      { value: 'hasAny', label: 'has any of' },
      { value: 'hasAll', label: 'has all of' },
      { value: 'hasNone', label: 'has none of' },
    ],
    kind: 'text',
  },
  { field: 'hasCompany', label: 'Has a company', ops: [{ value: 'is', label: 'is' }], kind: 'boolean' },
  {
    field: 'messageLength',
    label: 'Message length',
    ops: [
      { value: 'gte', label: 'at least' },
      { value: 'lt', label: 'less than' },
    ],
    kind: 'number',
    hint: 'Characters',
  },
  { field: 'utmCampaign', label: 'UTM campaign', ops: IN_OPS, kind: 'text' },
  { field: 'emailVerdict', label: 'Email verdict', ops: IN_OPS, kind: 'text', options: options(EMAIL_VERDICTS, EMAIL_VERDICT_LABELS) },
  { field: 'phoneLineType', label: 'Phone line type', ops: IN_OPS, kind: 'text', options: options(PHONE_LINE_TYPES, LINE_TYPE_LABELS) },
  { field: 'form', label: 'Form', ops: IN_OPS, kind: 'text', hint: 'Form ids' },
  { field: 'country', label: 'Country', ops: IN_OPS, kind: 'text', hint: 'Country codes, e.g. DE, US' },
  {
    field: 'score',
    label: 'Score',
    ops: [
      { value: 'gte', label: 'at least' },
      { value: 'lt', label: 'less than' },
    ],
    kind: 'number',
    assignmentOnly: true,
  },
  { field: 'timeOfDay', label: 'Time of day', ops: [{ value: 'between', label: 'between' }], kind: 'time', assignmentOnly: true, hint: 'In the workspace time zone' },
];

export const specOf = (field: EditorField): FieldSpec => FIELD_SPECS.find((s) => s.field === field) ?? FIELD_SPECS[0];

// A new leaf of a field, with its first operator and an empty value the admin fills in.
export function newLeaf(field: EditorField): LeafCondition {
  switch (field) {
    case 'hasCompany':
      return { field, op: 'is', value: true };
    case 'messageLength':
      return { field, op: 'gte', value: 200 };
    case 'score':
      return { field, op: 'gte', value: 50 };
    case 'timeOfDay':
      return { field, op: 'between', value: { from: '09:00', to: '17:00' } };
    case 'tags':
      return { field, op: 'hasAny', value: [] };
    default:
      return { field, op: 'in', value: [] };
  }
}

const isLeaf = (c: LeadCondition): c is LeafCondition => 'field' in c;

// The draft of a stored condition, or null when the editor cannot show it (nested groups, `not`).
export function draftOf(condition: LeadCondition | null | undefined): ConditionDraft | null {
  if (!condition) return { join: 'all', leaves: [] };
  if (isLeaf(condition)) return { join: 'all', leaves: [condition] };
  if ('all' in condition && condition.all.every(isLeaf)) return { join: 'all', leaves: condition.all as LeafCondition[] };
  if ('any' in condition && condition.any.every(isLeaf)) return { join: 'any', leaves: condition.any as LeafCondition[] };
  return null;
}

// The condition to send: a single leaf as itself, several under their join; null when there is none.
export function conditionOf(draft: ConditionDraft): LeadCondition | null {
  if (draft.leaves.length === 0) return null;
  if (draft.leaves.length === 1) return draft.leaves[0];
  return draft.join === 'all' ? { all: draft.leaves } : { any: draft.leaves };
}

// What is missing before the draft can be saved, per leaf index (the API checks everything again).
export function draftProblems(draft: ConditionDraft): Record<number, string> {
  const problems: Record<number, string> = {};
  draft.leaves.forEach((leaf, i) => {
    if (Array.isArray(leaf.value) && leaf.value.length === 0) problems[i] = 'Add at least one value';
    if (leaf.field === 'timeOfDay' && !(/^\d\d:\d\d$/.test(leaf.value.from) && /^\d\d:\d\d$/.test(leaf.value.to))) problems[i] = 'Times are HH:MM';
  });
  return problems;
}

function valueText(leaf: LeafCondition): string {
  const spec = specOf(leaf.field);
  if (leaf.field === 'hasCompany') return leaf.value ? 'yes' : 'no';
  if (leaf.field === 'timeOfDay') return `${leaf.value.from} and ${leaf.value.to}`;
  if (typeof leaf.value === 'number') return String(leaf.value);
  return leaf.value.map((v) => spec.options?.find((o) => o.value === v)?.label ?? v).join(', ');
}

// One line a person can read: "Priority is one of High, Urgent and Has a company is yes".
export function describeCondition(condition: LeadCondition | null | undefined): string {
  if (!condition) return 'Every lead';
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return condition.any.map(describeCondition).join(' or ');
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  const spec = specOf(condition.field);
  const op = spec.ops.find((o) => o.value === condition.op)?.label ?? condition.op;
  return `${spec.label} ${op} ${valueText(condition)}`;
}
