// How the dashboard writes its figures. Plain functions, so the wording can be tested without rendering.

const counts = new Intl.NumberFormat('en');

export const formatCount = (n: number): string => counts.format(n);

// 0.125 -> "12.5%", 0.5 -> "50%"; null (no leads to divide by) -> "n/a".
export function formatRate(rate: number | null): string {
  if (rate === null) return 'n/a';
  const percent = rate * 100;
  if (percent > 0 && percent < 0.1) return '<0.1%';
  return `${Number(percent.toFixed(1))}%`;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// One decimal below ten units ("3.2 h"), whole numbers above ("14 h"); "5.0 h" is written "5 h".
function amount(value: number): string {
  return value < 10 ? String(Number(value.toFixed(1))) : String(Math.round(value));
}

// A duration in the unit a person would use: "45 s", "42 min", "3.2 h", "2.5 days". null -> "n/a".
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  const s = Math.max(0, seconds);
  if (s < MINUTE) return `${Math.round(s)} s`;
  // Below an hour minutes are whole: "59.5 min" helps nobody. 59.6 min rounds up into hours instead of "60 min".
  if (s < HOUR - 30) return `${Math.round(s / MINUTE)} min`;
  if (s < 2 * DAY) return `${amount(s / HOUR)} h`;
  return `${amount(s / DAY)} days`;
}

export type DeltaDirection = 'up' | 'down' | 'same';

export interface Delta {
  direction: DeltaDirection;
  // Relative change in percent, rounded; null when there is nothing to compare with (the previous value was 0).
  percent: number | null;
  // Short text for the badge: "+25%", "−40%", "No change", "+3" (previous 0: a percentage means nothing).
  label: string;
}

// The change from `previous` to `current`, e.g. leads in the last 24 h against the 24 h before.
export function computeDelta(current: number, previous: number): Delta {
  if (current === previous) return { direction: 'same', percent: 0, label: 'No change' };
  const direction: DeltaDirection = current > previous ? 'up' : 'down';
  if (previous === 0) return { direction, percent: null, label: `+${formatCount(current)}` };
  const exact = ((current - previous) / previous) * 100;
  const percent = Math.round(exact);
  // A real but tiny change must not read as "+0%".
  const shown = percent === 0 ? '<1%' : `${Math.abs(percent)}%`;
  return { direction, percent, label: `${direction === 'up' ? '+' : '−'}${shown}` };
}
