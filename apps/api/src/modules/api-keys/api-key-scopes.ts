import { PERMISSIONS, type Permission } from '@hotleads/shared';

// A key never manages people or other keys: those stay with signed-in staff.
export const NON_GRANTABLE_SCOPES: readonly Permission[] = ['users:manage', 'api-keys:manage'];

export const GRANTABLE_SCOPES: readonly Permission[] = PERMISSIONS.filter((p) => !NON_GRANTABLE_SCOPES.includes(p));
