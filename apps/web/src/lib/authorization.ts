import type { Permission } from '@hotleads/shared';
import { useMemo } from 'react';
import { getSession, useSession, type AuthUser, type Workspace } from './session';

// For components under the signed-in layout, which only renders once a session exists.
export function useSignedIn(): { user: AuthUser; workspace: Workspace } {
  const session = useSession();
  if (session.status !== 'signed-in') throw new Error('useSignedIn() outside the signed-in layout');
  return session;
}

export function usePermissions(): ReadonlySet<Permission> {
  const session = useSession();
  const granted = session.status === 'signed-in' ? session.user.permissions : undefined;
  return useMemo(() => new Set<Permission>(granted ?? []), [granted]);
}

export function useCan(permission: Permission): boolean {
  return usePermissions().has(permission);
}

// For page loaders, which run outside React. `lazyPage` runs them only once the session is restored, so this
// just says whether its user holds `permission` (no prefetch that would answer 403).
export function sessionAllows(permission: Permission): boolean {
  const session = getSession();
  return session.status === 'signed-in' && session.user.permissions.includes(permission);
}
