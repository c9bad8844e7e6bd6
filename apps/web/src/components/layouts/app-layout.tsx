import { ActionIcon, Anchor, AppShell, Burger, Group, Text, useMantineTheme } from '@mantine/core';
import { useDisclosure, useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { IconFlame, IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand, IconLogout, IconSearch, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, type ComponentType } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ThemeToggle } from '@/components/ui/theme-toggle';
import { paths } from '@/config/paths';
import { CommandMenuLauncher } from '@/features/command-menu/command-menu-launcher';
import { useUrgentLeadAlerts } from '@/features/leads/hooks/use-urgent-lead-alerts';
import { LiveUpdatesProvider } from '@/hooks/use-live-updates';
import { retryImport } from '@/lib/load-chunk';
import { usePermissions } from '@/lib/authorization';
import { signOut, useSession } from '@/lib/session';
import classes from './app-layout.module.css';
import { COMMAND_KEY, GlobalShortcuts } from './global-shortcuts';
import { LiveIndicator } from './live-indicator';
import { MainNav } from './main-nav';

// The bell and its popover load after the shell (they are not needed for the first screen); a bell whose code
// cannot be downloaded is left out rather than taking the shell down.
const NotificationBell = lazy<ComponentType>(() =>
  retryImport(() => import('@/features/notifications/components/notification-bell'))
    .then((m) => ({ default: m.NotificationBell }))
    .catch(() => ({ default: () => null })),
);

// The signed-in app: its loader (see router) restores the session first, so a session exists here unless it
// ends while the page is open (expired, revoked), which sends the user to sign in and back.
export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  if (session.status !== 'signed-in') {
    return <Navigate to={paths.signIn.getHref(`${location.pathname}${location.search}`)} replace />;
  }
  return (
    <LiveUpdatesProvider>
      <SignedInShell workspaceName={session.workspace.name} userName={session.user.name || session.user.email} />
    </LiveUpdatesProvider>
  );
}

function SignedInShell({ workspaceName, userName }: { workspaceName: string; userName: string }) {
  const theme = useMantineTheme();
  const [navOpened, nav] = useDisclosure(false);
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, { getInitialValueInEffect: false });
  const permissions = usePermissions();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // On a phone the closed navbar is only moved off-screen: keep its links out of the tab order and screen readers.
  const navHidden = !wide && !navOpened;
  // On wider screens the navigation can shrink to its icons, remembered in this browser.
  const [navCollapsed, setNavCollapsed] = useLocalStorage({ key: 'hotleads-nav-collapsed', defaultValue: false, getInitialValueInEffect: false });
  const iconsOnly = Boolean(wide) && navCollapsed === true;
  useUrgentLeadAlerts();

  const onSignOut = async () => {
    await signOut();
    // Nothing of this user's data stays in memory for the next one.
    queryClient.clear();
    await navigate(paths.signIn.getHref(), { replace: true });
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: iconsOnly ? 64 : 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <a href="#main-content" className={classes.skipLink}>
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={navOpened}
              aria-controls="main-navigation"
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              visibleFrom="sm"
              aria-label={iconsOnly ? 'Expand navigation' : 'Collapse navigation'}
              title={iconsOnly ? 'Expand navigation' : 'Collapse navigation'}
              aria-controls="main-navigation"
              aria-expanded={!iconsOnly}
              onClick={() => setNavCollapsed(!iconsOnly)}
            >
              {iconsOnly ? <IconLayoutSidebarLeftExpand size={20} stroke={1.5} aria-hidden /> : <IconLayoutSidebarLeftCollapse size={20} stroke={1.5} aria-hidden />}
            </ActionIcon>
            <Anchor component={Link} to={paths.home.getHref()} c="inherit" underline="never">
              <Group gap={6} wrap="nowrap">
                <IconFlame size={26} stroke={1.75} color="var(--mantine-primary-color-filled)" aria-hidden />
                <Text component="span" fw={700} fz="lg">
                  Hot Leads
                </Text>
              </Group>
            </Anchor>
            <Text component="span" c="dimmed" truncate visibleFrom="xs" data-testid="workspace-name">
              {workspaceName}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <CommandMenuLauncher
              render={({ open }) => (
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label="Command menu"
                  title={`Command menu (${COMMAND_KEY}+K)`}
                  aria-keyshortcuts="Control+K Meta+K"
                  onClick={open}
                >
                  <IconSearch size={18} stroke={1.5} aria-hidden />
                </ActionIcon>
              )}
            />
            <LiveIndicator />
            <Suspense fallback={null}>
              <NotificationBell />
            </Suspense>
            <ThemeToggle />
            <Anchor component={Link} to={paths.account.getHref()} c="inherit" underline="hover" visibleFrom="sm">
              <Group gap={4} wrap="nowrap">
                <IconUserCircle size={20} stroke={1.5} aria-hidden />
                <Text component="span" size="sm" truncate maw={180}>
                  {userName}
                </Text>
              </Group>
            </Anchor>
            <ActionIcon variant="default" size="lg" aria-label="Sign out" title="Sign out" onClick={() => void onSignOut()}>
              <IconLogout size={18} stroke={1.5} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar id="main-navigation" p="sm" aria-label="Main navigation" inert={navHidden} style={{ overflowY: 'auto' }}>
        <MainNav permissions={permissions} onNavigate={nav.close} iconsOnly={iconsOnly} />
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1} className={classes.main}>
        <Outlet />
      </AppShell.Main>
      <GlobalShortcuts />
    </AppShell>
  );
}
