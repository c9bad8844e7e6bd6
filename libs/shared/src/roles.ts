import { PERMISSIONS, type Permission } from './permissions';

export const BUILT_IN_ROLES = ['owner', 'admin', 'manager', 'agent', 'viewer'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

const READ_ONLY: readonly Permission[] = ['leads:read'];
const AGENT: readonly Permission[] = ['leads:read', 'leads:write'];
const MANAGER: readonly Permission[] = [
  ...AGENT,
  'leads:delete',
  'leads:export',
  'leads:import',
  'leads:assign',
  'forms:manage',
];
const ADMIN: readonly Permission[] = PERMISSIONS.filter((p) => p !== 'settings:manage');

export const BUILT_IN_ROLE_PERMISSIONS: Record<BuiltInRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: [...ADMIN, 'settings:manage'],
  manager: MANAGER,
  agent: AGENT,
  viewer: READ_ONLY,
};

export function isBuiltInRole(value: string): value is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(value);
}
