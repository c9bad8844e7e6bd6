// Permission strings shared by the API guard and the SPA. Adding one here is the only place to do it.
export const PERMISSIONS = [
  'leads:read',
  'leads:write',
  'leads:delete',
  'leads:export',
  'leads:import',
  'leads:assign',
  'users:manage',
  'api-keys:manage',
  'forms:manage',
  'integrations:manage',
  'audit:read',
  'privacy:manage',
  'settings:manage',
  'system:read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_GROUPS: Record<string, readonly Permission[]> = {
  Leads: ['leads:read', 'leads:write', 'leads:delete', 'leads:export', 'leads:import', 'leads:assign'],
  Workspace: ['users:manage', 'api-keys:manage', 'forms:manage', 'integrations:manage', 'settings:manage'],
  Compliance: ['audit:read', 'privacy:manage'],
  Operations: ['system:read'],
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
