import type { EntityManager } from 'typeorm';
import { queryRows } from '../db/sql';
import type { Principal } from './principal';
import { RecentAuthenticationRequiredException } from './recent-authentication-required.exception';

// How long a password or MFA proof counts as recent for changes to how the workspace signs in.
export const RECENT_AUTHENTICATION_MS = 15 * 60_000;

// Changes to authentication settings (MFA requirement; later SSO, network allowlists) need a person who has
// just proved who they are: never an API key, and never a session whose sign-in is older than the window.
// Runs in the caller's tenant transaction.
export async function assertRecentAuthentication(m: EntityManager, principal: Principal): Promise<void> {
  if (principal.kind !== 'user') throw new RecentAuthenticationRequiredException('api_key');
  const [row] = await queryRows<{ authenticatedAt: Date }>(m, `select authenticated_at as "authenticatedAt" from sessions where id = $1`, [
    principal.sessionId,
  ]);
  if (!row || Date.now() - row.authenticatedAt.getTime() > RECENT_AUTHENTICATION_MS) throw new RecentAuthenticationRequiredException('stale');
}
