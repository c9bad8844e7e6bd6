import { Alert, Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconForms, IconInbox, IconKey, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Can } from '@/components/auth/require-permission';
import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';

interface StatsErrorProps {
  error: Error;
  retrying: boolean;
  onRetry(): void;
}

// Nothing to show yet: the whole dashboard is this message.
export function StatsError({ error, retrying, onRetry }: StatsErrorProps) {
  const unreachable = error instanceof ApiError && error.isNetworkError;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert color="red" title="The figures could not be loaded" icon={<IconPlugConnectedX aria-hidden />}>
      <Text size="sm" mb="sm">
        {unreachable
          ? 'The Hot Leads API is not reachable. Check that this device is online.'
          : `${error.message}${requestId ? ` (request ${requestId})` : ''}`}
      </Text>
      <Button color="red" onClick={onRetry} loading={retrying} leftSection={<IconRefresh size={16} aria-hidden />}>
        Retry
      </Button>
    </Alert>
  );
}

interface StaleWarningProps {
  updatedAt: string;
  retrying: boolean;
  onRetry(): void;
}

// A refresh failed but earlier figures exist: keep them, say how old they are.
export function StaleWarning({ updatedAt, retrying, onRetry }: StaleWarningProps) {
  return (
    <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Showing older figures">
      <Group justify="space-between" gap="sm">
        <Text size="sm">These figures are from {updatedAt}; the latest refresh failed.</Text>
        <Button size="xs" variant="default" onClick={onRetry} loading={retrying}>
          Retry
        </Button>
      </Group>
    </Alert>
  );
}

// A workspace without a single lead: how leads get in, instead of a page of zeros.
export function NoLeadsYet() {
  return (
    <Card withBorder padding="xl" component="section" aria-labelledby="no-leads-title">
      <Stack align="center" gap="sm" py="xl">
        <ThemeIcon size={64} radius="xl" variant="light" aria-hidden>
          <IconInbox size={34} stroke={1.5} />
        </ThemeIcon>
        <Title order={2} id="no-leads-title" ta="center">
          No leads yet
        </Title>
        <Text ta="center" maw={520}>
          Leads arrive from your website forms, the REST API, imports and connected tools. As soon as the first one
          comes in, its figures appear here and keep themselves up to date.
        </Text>
        <Group justify="center" gap="sm" mt="sm">
          <Can permission="forms:manage">
            <Button component={Link} to={paths.forms.getHref()} leftSection={<IconForms size={18} aria-hidden />}>
              Set up a form
            </Button>
          </Can>
          <Can permission="api-keys:manage">
            <Button component={Link} to={paths.apiKeys.getHref()} variant="default" leftSection={<IconKey size={18} aria-hidden />}>
              Create an API key
            </Button>
          </Can>
        </Group>
      </Stack>
    </Card>
  );
}
