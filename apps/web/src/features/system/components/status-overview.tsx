import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconRefresh, IconX } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import type { ComponentStatus } from '../api/get-health';

// Presentational parts of the status page, free of data fetching so the router can show the skeleton
// while the page's code loads, with the same layout the page then fills in.

interface StatusPageProps {
  checking: boolean;
  onCheck?: () => void;
  children: ReactNode;
}

export function StatusPage({ checking, onCheck, children }: StatusPageProps) {
  return (
    <Stack gap="lg" maw={960}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1}>System status</Title>
          <Text c="dimmed">Whether the Hot Leads API and its database are answering.</Text>
        </div>
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} aria-hidden />}
          onClick={onCheck}
          loading={checking}
          disabled={!onCheck}
        >
          Check again
        </Button>
      </Group>
      {children}
    </Stack>
  );
}

interface StatusCardsProps {
  // Undefined while the first check runs.
  api?: ComponentStatus;
  database?: ComponentStatus;
}

export function StatusCards({ api, database }: StatusCardsProps) {
  const loading = api === undefined;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} aria-busy={loading}>
      {loading && <VisuallyHidden role="status">Checking the system status</VisuallyHidden>}
      <StatusCard
        title="API"
        status={api}
        description={{ up: 'Answering requests.', down: 'Not answering requests.' }}
      />
      <StatusCard
        title="Database"
        status={database}
        description={{ up: 'PostgreSQL answers queries.', down: 'The API cannot reach PostgreSQL.' }}
      />
    </SimpleGrid>
  );
}

const STATUS_TEXT: Record<ComponentStatus, string> = { up: 'Operational', down: 'Unavailable' };

interface StatusCardProps {
  title: string;
  status?: ComponentStatus;
  description: Record<ComponentStatus, string>;
}

// Fixed line heights: the skeleton and the loaded card take the same space, so nothing jumps.
function StatusCard({ title, status, description }: StatusCardProps) {
  const titleId = useId();
  return (
    <Card component="section" withBorder padding="lg" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Title order={2} fz="h4" id={titleId}>
          {title}
        </Title>
        <Group gap="xs" h={28} wrap="nowrap">
          {status ? (
            <>
              <ThemeIcon color={status === 'up' ? 'green' : 'red'} radius="xl" size={28} aria-hidden>
                {status === 'up' ? <IconCheck size={18} /> : <IconX size={18} />}
              </ThemeIcon>
              <Text fw={600}>{STATUS_TEXT[status]}</Text>
            </>
          ) : (
            <Skeleton height={28} width={150} radius="xl" />
          )}
        </Group>
        {status ? (
          <Text size="sm" c="dimmed" lh="22px">
            {description[status]}
          </Text>
        ) : (
          <Skeleton height={22} width="70%" />
        )}
      </Stack>
    </Card>
  );
}

export function SystemStatusSkeleton() {
  return (
    <StatusPage checking>
      <StatusCards />
    </StatusPage>
  );
}
