import type { Permission } from '@hotleads/shared';
import { NavLink } from '@mantine/core';
import { NavLink as RouterNavLink, useMatch } from 'react-router';
import { NAV_ITEMS, visibleNavItems, type NavItem } from './nav-items';

interface MainNavProps {
  permissions: ReadonlySet<Permission>;
  onNavigate?: () => void;
  // The collapsed sidebar: icons with the label as their name and tooltip.
  iconsOnly?: boolean;
}

export function MainNav({ permissions, onNavigate, iconsOnly = false }: MainNavProps) {
  return visibleNavItems(NAV_ITEMS, permissions).map((item) => (
    <MainNavLink key={item.to} item={item} onNavigate={onNavigate} iconsOnly={iconsOnly} />
  ));
}

function MainNavLink({ item, onNavigate, iconsOnly }: { item: NavItem; onNavigate?: () => void; iconsOnly: boolean }) {
  // Sub-pages (e.g. /leads/123) keep their section highlighted.
  const active = useMatch({ path: item.to, end: false }) !== null;
  const Icon = item.icon;
  return (
    <NavLink
      component={RouterNavLink}
      to={item.to}
      label={iconsOnly ? undefined : item.label}
      aria-label={iconsOnly ? item.label : undefined}
      title={iconsOnly ? item.label : undefined}
      leftSection={<Icon size={18} stroke={1.5} aria-hidden />}
      active={active}
      onClick={onNavigate}
    />
  );
}
