import { PERMISSION_GROUPS, type Permission } from '@hotleads/shared';
import type { ApiKeyScope } from '../api/create-api-key';

// A key never manages people or other keys (the API refuses these scopes): those stay with signed-in staff.
export const NON_GRANTABLE_SCOPES: readonly Permission[] = ['users:manage', 'api-keys:manage'];

export const isGrantable = (permission: Permission): permission is ApiKeyScope => !NON_GRANTABLE_SCOPES.includes(permission);

export const SCOPE_GROUPS: ReadonlyArray<{ area: string; scopes: readonly ApiKeyScope[] }> = Object.entries(PERMISSION_GROUPS)
  .map(([area, permissions]) => ({ area, scopes: permissions.filter(isGrantable) }))
  .filter((group) => group.scopes.length > 0);

export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  'leads:read': 'List, search and read leads',
  'leads:write': 'Create and update leads',
  'leads:delete': 'Move leads to the trash',
  'leads:export': 'Export leads as CSV',
  'leads:import': 'Import leads from CSV',
  'leads:assign': 'Assign leads to people',
  'forms:manage': 'Create and change forms',
  'integrations:manage': 'Manage integrations',
  'audit:read': 'Read the audit log',
  'privacy:manage': 'Find, export and erase a person',
  'settings:manage': 'Change workspace settings',
  'system:read': 'Read the system health report',
};
