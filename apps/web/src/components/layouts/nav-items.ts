import type { Permission } from '@hotleads/shared';
import { IconHeartbeat, type TablerIcon } from '@tabler/icons-react';
import { paths } from '@/config/paths';

export interface NavItem {
  label: string;
  to: string;
  icon: TablerIcon;
  // Shown only to users holding it; items without one are shown to everyone signed in.
  permission?: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [{ label: 'System status', to: paths.status.getHref(), icon: IconHeartbeat }];

export function visibleNavItems(items: readonly NavItem[], granted: ReadonlySet<Permission>): NavItem[] {
  return items.filter((item) => item.permission === undefined || granted.has(item.permission));
}
