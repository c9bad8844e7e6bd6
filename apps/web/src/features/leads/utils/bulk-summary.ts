import type { Schemas } from '@hotleads/api-client';

type BulkUpdateResult = Schemas['BulkUpdateResultDto'];

const REASONS: Record<string, string> = {
  invalid_status_transition: 'the status cannot move there from its current one',
  lead_not_assigned_to_you: 'assigned to someone else',
};

export const skipReasonLabel = (reason: string) => REASONS[reason] ?? reason.replaceAll('_', ' ');

export interface BulkSummary {
  // "Updated 120; skipped 3".
  title: string;
  // Skips per reason among the ones the API listed, most frequent first.
  reasons: Array<{ reason: string; label: string; count: number }>;
  // The first skipped leads, named when the page has them loaded.
  examples: Array<{ id: string; name: string; label: string }>;
  // Skipped leads the API counted but did not list (it lists the first 1,000).
  unlisted: number;
  tone: 'success' | 'warning';
}

const n = (value: number) => value.toLocaleString('en');

export function summariseBulkUpdate(result: BulkUpdateResult, nameOf: (id: string) => string | undefined, exampleLimit = 5): BulkSummary {
  const unchanged = Math.max(0, result.matched - result.updated - result.skippedCount);
  const parts = [`Updated ${n(result.updated)}`];
  if (unchanged > 0) parts.push(`${n(unchanged)} already as requested`);
  if (result.skippedCount > 0) parts.push(`skipped ${n(result.skippedCount)}`);
  const counts = new Map<string, number>();
  for (const { reason } of result.skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const reasons = [...counts]
    .map(([reason, count]) => ({ reason, label: skipReasonLabel(reason), count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  const examples = result.skipped.slice(0, exampleLimit).map(({ id, reason }) => ({
    id,
    name: nameOf(id) ?? `Lead ${id.slice(0, 8)}`,
    label: skipReasonLabel(reason),
  }));
  return {
    title: parts.join('; '),
    reasons,
    examples,
    unlisted: Math.max(0, result.skippedCount - result.skipped.length),
    tone: result.skippedCount > 0 ? 'warning' : 'success',
  };
}

export function summariseBulkDelete(deleted: number, requested: number): BulkSummary {
  const kept = Math.max(0, requested - deleted);
  return {
    title: `Moved ${n(deleted)} ${deleted === 1 ? 'lead' : 'leads'} to the trash${kept > 0 ? `; skipped ${n(kept)}` : ''}`,
    reasons: kept > 0 ? [{ reason: 'not_deleted', label: 'already gone, or assigned to someone else', count: kept }] : [],
    examples: [],
    unlisted: 0,
    tone: kept > 0 ? 'warning' : 'success',
  };
}
