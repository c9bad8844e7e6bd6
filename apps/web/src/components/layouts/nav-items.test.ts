import type { Permission } from '@hotleads/shared';
import { IconHeartbeat, IconUsers } from '@tabler/icons-react';
import { describe, expect, it } from 'vitest';
import { visibleNavItems, type NavItem } from './nav-items';

const items: NavItem[] = [
  { label: 'System status', to: '/status', icon: IconHeartbeat },
  { label: 'Users', to: '/users', icon: IconUsers, permission: 'users:manage' },
];

describe('visibleNavItems', () => {
  it('shows items that need a permission only to holders of it', () => {
    expect(visibleNavItems(items, new Set()).map((i) => i.label)).toEqual(['System status']);
    expect(visibleNavItems(items, new Set<Permission>(['leads:read'])).map((i) => i.label)).toEqual(['System status']);
    expect(visibleNavItems(items, new Set<Permission>(['users:manage'])).map((i) => i.label)).toEqual(['System status', 'Users']);
  });
});
