import type { Permission } from '@hotleads/shared';
import { NavLink } from '@mantine/core';
import { NavLink as RouterNavLink, useMatch } from 'react-router';
import { NAV_ITEMS, visibleNavItems, type NavItem } from './nav-items';

interface MainNavProps {
  permissions: ReadonlySet<Permission>;
  onNavigate?: () => void;
}

export function MainNav({ permissions, onNavigate }: MainNavProps) {
  return visibleNavItems(NAV_ITEMS, permissions).map((item) => (
    <MainNavLink key={item.to} item={item} onNavigate={onNavigate} />
  ));
}

function MainNavLink({ item, onNavigate }: { item: NavItem; onNavigate?: () => void }) {
  // Sub-pages (e.g. /leads/123) keep their section highlighted.
  const active = useMatch({ path: item.to, end: false }) !== null;
  const Icon = item.icon;
  return (
    <NavLink
      component={RouterNavLink}
      to={item.to}
      label={item.label}
      leftSection={<Icon size={18} stroke={1.5} aria-hidden />}
      active={active}
      onClick={onNavigate}
    />
  );
}
