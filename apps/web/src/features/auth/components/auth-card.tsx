import { Center, Group, Paper, Text } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ThemeToggle } from '@/components/ui/theme-toggle';

// The pages a visitor sees before signing in (sign-in, invitation, password reset): one centred card.
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md">
      <title>{`${title} · Hot Leads`}</title>
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={440}>
        <Group justify="space-between" mb="lg">
          <Group gap={6}>
            <IconFlame size={28} stroke={1.75} color="var(--mantine-primary-color-filled)" aria-hidden />
            <Text fw={700} fz="lg">
              Hot Leads
            </Text>
          </Group>
          <ThemeToggle />
        </Group>
        {children}
      </Paper>
    </Center>
  );
}
