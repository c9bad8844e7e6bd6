import type { Permission } from '@hotleads/shared';
import { Anchor, AppShell, Burger, Group, Text, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconFlame } from '@tabler/icons-react';
import { Link, Outlet } from 'react-router';
import { ThemeToggle } from '@/components/ui/theme-toggle';
import { paths } from '@/config/paths';
import { MainNav } from './main-nav';

// Nobody signs in yet, so nobody holds a permission: items that need one stay hidden until auth lands.
const NO_PERMISSIONS: ReadonlySet<Permission> = new Set();

export function AppLayout() {
  const theme = useMantineTheme();
  const [navOpened, nav] = useDisclosure(false);
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, { getInitialValueInEffect: false });
  // On a phone the closed navbar is only moved off-screen: keep its links out of the tab order and screen readers.
  const navHidden = !wide && !navOpened;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={navOpened}
              aria-controls="main-navigation"
            />
            <Anchor component={Link} to={paths.home.getHref()} c="inherit" underline="never">
              <Group gap={6} wrap="nowrap">
                <IconFlame size={26} stroke={1.75} color="var(--mantine-primary-color-filled)" aria-hidden />
                <Text component="span" fw={700} fz="lg">
                  Hot Leads
                </Text>
              </Group>
            </Anchor>
          </Group>
          <ThemeToggle />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar id="main-navigation" p="sm" aria-label="Main navigation" inert={navHidden}>
        <MainNav permissions={NO_PERMISSIONS} onNavigate={nav.close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
