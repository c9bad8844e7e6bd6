import type { Permission } from '@hotleads/shared';
import type { ReactNode } from 'react';
import { Forbidden } from '@/components/errors/forbidden';
import { useCan } from '@/lib/authorization';

// A page that needs a permission: its content for users who hold it, a clear 403 screen for the rest.
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  return useCan(permission) ? children : <Forbidden permission={permission} />;
}

// Controls (edit buttons, menus) shown only to users who may use them.
export function Can({ permission, children }: { permission: Permission; children: ReactNode }) {
  return useCan(permission) ? children : null;
}
