import type { ScoringPreview } from '../api/scoring';

const n = (value: number) => value.toLocaleString('en-US');
const avg = (value: number | null) => (value === null ? '-' : value.toLocaleString('en-US', { maximumFractionDigits: 1 }));

// "This rule matches 1,204 of the last 10,000 leads; the average score moves from 41 to 47."
export function previewText(preview: ScoringPreview): string {
  if (preview.sampled === 0) return 'There are no leads yet to try the rule on.';
  const moves = preview.averageBefore === preview.averageAfter ? `the average score stays at ${avg(preview.averageBefore)}` : `the average score moves from ${avg(preview.averageBefore)} to ${avg(preview.averageAfter)}`;
  return `This rule matches ${n(preview.matches)} of the last ${n(preview.sampled)} leads; ${moves}.`;
}
