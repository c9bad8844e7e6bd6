import type { Permission } from '@hotleads/shared';

// What each permission lets a person do, in the words of the screens it opens.
export const PERMISSION_LABELS: Record<Permission, { label: string; description: string }> = {
  'leads:read': { label: 'View leads', description: 'See leads, their timeline and the dashboard.' },
  'leads:write': { label: 'Work on leads', description: 'Change status, priority and follow-ups, add notes and log contacts.' },
  'leads:delete': { label: 'Delete leads', description: 'Move leads to the trash and restore them.' },
  'leads:export': { label: 'Export leads', description: 'Download leads as CSV.' },
  'leads:import': { label: 'Import leads', description: 'Upload leads from CSV files.' },
  'leads:assign': { label: 'Assign leads', description: "Hand leads to anyone and change leads assigned to others." },
  'users:manage': { label: 'Manage users and roles', description: 'Invite people, change their roles, disable or delete them; edit custom roles.' },
  'api-keys:manage': { label: 'Manage API keys', description: 'Create and revoke keys for integrators.' },
  'forms:manage': { label: 'Manage forms', description: 'Create and configure public intake forms.' },
  'integrations:manage': { label: 'Manage integrations', description: 'Connect CRMs, schedulers and webhooks.' },
  'audit:read': { label: 'Read the audit log', description: 'See who did what, and when.' },
  'privacy:manage': { label: 'Manage personal data', description: 'The Privacy page: find, export and erase a person, the suppression list and retention.' },
  'settings:manage': { label: 'Manage workspace settings', description: 'Workspace name, two-factor requirement, response times and trash retention.' },
  'system:read': { label: 'See system health', description: 'The System page: health checks, request rates, job queues and recent activity.' },
};
