import type { Permission } from '@hotleads/shared';
import { getSession } from '@/lib/session';

// For route loaders, which run outside React: true once a session holding `permission` is established.
export function sessionAllows(permission: Permission): boolean {
  const session = getSession();
  return session.status === 'signed-in' && session.user.permissions.includes(permission);
}
