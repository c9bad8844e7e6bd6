import { paths } from '@/config/paths';
import type { Session } from '@/lib/session';

// Where `/` leads: people who work leads without managing the team (agents) start on My day, with what
// is waiting on them; everyone else on the dashboard.
export function homeHref(session: Extract<Session, { status: 'signed-in' }>): string {
  const granted = session.user.permissions;
  return granted.includes('leads:write') && !granted.includes('leads:assign') ? paths.myDay.getHref() : paths.dashboard.getHref();
}
