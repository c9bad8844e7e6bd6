const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

// "5 minutes ago" for recent sign-ins, a date for older ones; the exact time goes in a title.
export function formatLastSignIn(iso: string | null, now = Date.now()): { text: string; exact?: string } {
  if (!iso) return { text: 'Never' };
  const at = new Date(iso);
  const exact = absolute.format(at);
  const ago = now - at.getTime();
  if (ago < MINUTE) return { text: 'Just now', exact };
  if (ago < HOUR) return { text: relative.format(-Math.floor(ago / MINUTE), 'minute'), exact };
  if (ago < DAY) return { text: relative.format(-Math.floor(ago / HOUR), 'hour'), exact };
  if (ago < 7 * DAY) return { text: relative.format(-Math.floor(ago / DAY), 'day'), exact };
  return { text: new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(at), exact };
}
