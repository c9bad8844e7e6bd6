import type { Permission } from '@hotleads/shared';
import {
  IconArrowsShuffle,
  IconChartBar,
  IconBell,
  IconChecklist,
  IconCopy,
  IconFileImport,
  IconForms,
  IconGauge,
  IconHeartbeat,
  IconKey,
  IconLock,
  IconListDetails,
  IconLogin2,
  IconPlugConnected,
  IconServer,
  IconSettings,
  IconShieldCheck,
  IconSparkles,
  IconUsers,
  IconUserShield,
  IconWebhook,
  IconNetwork,
  IconWorldWww,
  type TablerIcon,
} from '@tabler/icons-react';
import { paths } from '@/config/paths';

export interface NavItem {
  label: string;
  to: string;
  icon: TablerIcon;
  // Shown only to users holding it; items without one are shown to everyone signed in.
  permission?: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Dashboard', to: paths.dashboard.getHref(), icon: IconChartBar, permission: 'leads:read' },
  { label: 'My day', to: paths.myDay.getHref(), icon: IconChecklist, permission: 'leads:write' },
  { label: 'Leads', to: paths.leads.getHref(), icon: IconListDetails, permission: 'leads:read' },
  { label: 'Import', to: paths.imports.getHref(), icon: IconFileImport, permission: 'leads:import' },
  { label: 'Duplicates', to: paths.duplicates.getHref(), icon: IconCopy, permission: 'leads:read' },
  { label: 'Forms', to: paths.forms.getHref(), icon: IconForms, permission: 'forms:manage' },
  { label: 'Users', to: paths.users.getHref(), icon: IconUsers, permission: 'users:manage' },
  { label: 'Roles', to: paths.roles.getHref(), icon: IconUserShield, permission: 'users:manage' },
  { label: 'API keys', to: paths.apiKeys.getHref(), icon: IconKey, permission: 'api-keys:manage' },
  { label: 'Integrations', to: paths.integrations.getHref(), icon: IconPlugConnected, permission: 'integrations:manage' },
  { label: 'Webhooks', to: paths.webhooks.getHref(), icon: IconWebhook, permission: 'integrations:manage' },
  { label: 'Enrichment', to: paths.enrichmentSettings.getHref(), icon: IconSparkles, permission: 'integrations:manage' },
  { label: 'Audit log', to: paths.auditLog.getHref(), icon: IconShieldCheck, permission: 'audit:read' },
  { label: 'Privacy', to: paths.privacy.getHref(), icon: IconLock, permission: 'privacy:manage' },
  { label: 'Settings', to: paths.settings.getHref(), icon: IconSettings, permission: 'settings:manage' },
  { label: 'Scoring', to: paths.scoringSettings.getHref(), icon: IconGauge, permission: 'settings:manage' },
  { label: 'Assignment', to: paths.assignmentSettings.getHref(), icon: IconArrowsShuffle, permission: 'settings:manage' },
  { label: 'Notifications', to: paths.notificationSettings.getHref(), icon: IconBell, permission: 'settings:manage' },
  { label: 'Workspace address', to: paths.workspaceAddress.getHref(), icon: IconWorldWww, permission: 'settings:manage' },
  { label: 'Network access', to: paths.networkAccess.getHref(), icon: IconNetwork, permission: 'settings:manage' },
  { label: 'Single sign-on', to: paths.ssoSettings.getHref(), icon: IconLogin2, permission: 'settings:manage' },
  { label: 'System', to: paths.system.getHref(), icon: IconServer, permission: 'system:read' },
  { label: 'System status', to: paths.status.getHref(), icon: IconHeartbeat },
];

export function visibleNavItems(items: readonly NavItem[], granted: ReadonlySet<Permission>): NavItem[] {
  return items.filter((item) => item.permission === undefined || granted.has(item.permission));
}
