const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const full = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

// Short and cheap (it runs for every visible row): "just now", "5m ago", "3h ago", "2d ago", "12 Mar".
// Times ahead of now (a respond-by deadline) read "in 5m".
export function relativeTime(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const diff = now - time;
  const ahead = diff < 0;
  const span = Math.abs(diff);
  const say = (text: string) => (ahead ? `in ${text}` : `${text} ago`);
  if (span < MINUTE) return ahead ? 'in under a minute' : 'just now';
  if (span < HOUR) return say(`${Math.floor(span / MINUTE)}m`);
  if (span < DAY) return say(`${Math.floor(span / HOUR)}h`);
  if (span < 7 * DAY) return say(`${Math.floor(span / DAY)}d`);
  const date = new Date(time);
  return (date.getFullYear() === new Date(now).getFullYear() ? dayMonth : dayMonthYear).format(date);
}

export const fullDateTime = (iso: string) => full.format(new Date(iso));
