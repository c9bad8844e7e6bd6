import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface AccountSectionProps {
  id: string;
  title: string;
  description?: ReactNode;
  // Controls shown beside the title (e.g. "Sign out everywhere else").
  actions?: ReactNode;
  children: ReactNode;
}

export function AccountSection({ id, title, description, actions, children }: AccountSectionProps) {
  const headingId = `${id}-heading`;
  return (
    <Paper component="section" withBorder p={{ base: 'md', sm: 'lg' }} aria-labelledby={headingId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div style={{ flex: '1 1 280px' }}>
            <Title order={2} size="h4" id={headingId}>
              {title}
            </Title>
            {description && (
              <Text size="sm" c="dimmed" mt={4}>
                {description}
              </Text>
            )}
          </div>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
