const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

// 240 → "4 h", 90 → "1 h 30 min", 2940 → "2 days 1 h": how long an SLA target in minutes is, at a glance.
export function humanizeMinutes(total: number): string {
  if (!Number.isFinite(total) || total <= 0) return '';
  const days = Math.floor(total / MINUTES_PER_DAY);
  const hours = Math.floor((total % MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  const minutes = Math.round(total % MINUTES_PER_HOUR);
  const parts = [days && `${days} ${days === 1 ? 'day' : 'days'}`, hours && `${hours} h`, minutes && `${minutes} min`];
  return parts.filter(Boolean).join(' ');
}
