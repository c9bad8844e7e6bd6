import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import type { Connection } from '../api/connections';
import type { ProviderInfo } from '../utils/providers';
import { ConnectionStatusBadge } from './connection-status-badge';

// How a provider stands at a glance: not connected, connected, or some connection needing attention.
function providerState(connections: readonly Connection[]): { label: string; color: string } {
  if (connections.length === 0) return { label: 'Not connected', color: 'gray' };
  if (connections.some((c) => c.status === 'needs_attention')) return { label: 'Needs attention', color: 'orange' };
  if (connections.every((c) => c.status === 'disabled')) return { label: 'Disabled', color: 'gray' };
  return { label: 'Connected', color: 'green' };
}

interface ProviderCardProps {
  info: ProviderInfo;
  connections: readonly Connection[];
  onConnect: () => void;
  // Another way to connect, beside the usual button (Zoho: "Connect with Zoho").
  extraAction?: ReactNode;
}

export function ProviderCard({ info, connections, onConnect, extraAction }: ProviderCardProps) {
  const state = providerState(connections);
  const titleId = `provider-${info.provider}`;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={titleId}>
      <Stack gap="md" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2} size="h4" id={titleId}>
            {info.name}
          </Title>
          <Badge variant="dot" color={state.color} tt="none">
            {state.label}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {info.description}
        </Text>
        {connections.length > 0 && (
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={`${info.name} connections`}>
            {connections.map((connection) => (
              <Group key={connection.id} component="li" justify="space-between" gap="xs" wrap="nowrap">
                <Anchor component={Link} to={paths.integration.getHref(connection.id)} size="sm" fw={500} truncate>
                  {connection.name}
                </Anchor>
                <ConnectionStatusBadge status={connection.status} />
              </Group>
            ))}
          </Stack>
        )}
        <Group mt="auto">
          <Button variant={connections.length ? 'default' : 'filled'} leftSection={<IconPlus size={16} aria-hidden />} onClick={onConnect}>
            {info.connectLabel}
          </Button>
          {extraAction}
        </Group>
      </Stack>
    </Card>
  );
}
