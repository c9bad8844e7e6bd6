import { Badge, Card, Code, Group, SimpleGrid, Skeleton, Stack, Table, Text, useMantineTheme, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ApiKey } from '../api/get-api-keys';
import { formatAgo, formatDate, formatDateTime } from '../utils/format';
import { RevokeApiKeyButton } from './revoke-api-key-button';

const STATUS: Record<ApiKey['status'], { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  expired: { label: 'Expired', color: 'yellow' },
  revoked: { label: 'Revoked', color: 'red' },
};

function StatusBadge({ apiKey }: { apiKey: ApiKey }) {
  const { label, color } = STATUS[apiKey.status];
  return (
    <Stack gap={2} align="flex-start">
      <Badge variant="dot" color={color}>
        {label}
      </Badge>
      {apiKey.status === 'revoked' && apiKey.revokedAt && <Text size="xs">{formatDate(apiKey.revokedAt)}</Text>}
    </Stack>
  );
}

function Scopes({ scopes }: { scopes: readonly string[] }) {
  return (
    <Group gap={4}>
      {scopes.map((scope) => (
        <Badge key={scope} variant="outline" color="gray" tt="none" fw={500}>
          {scope}
        </Badge>
      ))}
    </Group>
  );
}

function LastUsed({ apiKey }: { apiKey: ApiKey }) {
  if (!apiKey.lastUsedAt) return <>Never</>;
  return (
    <time dateTime={apiKey.lastUsedAt} title={formatDateTime(apiKey.lastUsedAt)}>
      {formatAgo(apiKey.lastUsedAt)}
    </time>
  );
}

const expiry = (key: ApiKey) => (key.expiresAt ? formatDate(key.expiresAt) : 'Never');

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

// A table on wide screens, one card per key on a phone. Revoked and expired keys stay listed, as history.
export function ApiKeysList({ apiKeys }: { apiKeys: readonly ApiKey[] }) {
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.md})`, true, { getInitialValueInEffect: false });
  return wide ? <ApiKeysTable apiKeys={apiKeys} /> : <ApiKeyCards apiKeys={apiKeys} />;
}

function ApiKeysTable({ apiKeys }: { apiKeys: readonly ApiKey[] }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Scopes</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {apiKeys.map((key) => (
            <Table.Tr key={key.id}>
              <Table.Td>
                <Text fw={600} size="sm">
                  {key.name}
                </Text>
                <Code>{key.prefix}…</Code>
              </Table.Td>
              <Table.Td maw={260}>
                <Scopes scopes={key.scopes} />
              </Table.Td>
              <Table.Td style={NO_WRAP}>{formatDate(key.createdAt)}</Table.Td>
              <Table.Td style={NO_WRAP}>
                <LastUsed apiKey={key} />
              </Table.Td>
              <Table.Td style={NO_WRAP}>{expiry(key)}</Table.Td>
              <Table.Td style={NO_WRAP}>
                <StatusBadge apiKey={key} />
              </Table.Td>
              <Table.Td ta="right">{key.status === 'active' && <RevokeApiKeyButton apiKey={key} />}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ApiKeyCards({ apiKeys }: { apiKeys: readonly ApiKey[] }) {
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {apiKeys.map((key) => (
        <Card component="li" key={key.id} withBorder padding="md">
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} miw={0}>
                <Text fw={600}>{key.name}</Text>
                <Code w="fit-content">{key.prefix}…</Code>
              </Stack>
              <StatusBadge apiKey={key} />
            </Group>
            <Scopes scopes={key.scopes} />
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
              <Text size="sm">Created {formatDate(key.createdAt)}</Text>
              <Text size="sm">
                Last used: <LastUsed apiKey={key} />
              </Text>
              <Text size="sm">Expires: {expiry(key)}</Text>
            </SimpleGrid>
            {key.status === 'active' && (
              <Group justify="flex-end">
                <RevokeApiKeyButton apiKey={key} />
              </Group>
            )}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

export function ApiKeysListSkeleton() {
  return (
    <Stack gap="sm" aria-hidden>
      <Skeleton height={36} />
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} height={48} />
      ))}
    </Stack>
  );
}
