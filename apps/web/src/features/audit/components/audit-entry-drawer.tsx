import { Button, Code, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { AuditLogEntry } from '../api/get-audit-logs';
import type { AuditFilters } from '../utils/audit-filters';
import { auditActionLabel } from '@hotleads/shared';
import { actorDetails, actorName, actorTypeName, formatTime } from '../utils/format';
import { AuditChanges } from './audit-changes';
import { OutcomeBadge } from './outcome-badge';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={130} fw={500}>
        {label}
      </Table.Th>
      <Table.Td style={{ wordBreak: 'break-word' }}>
        {children ?? (
          <Text size="sm" c="dimmed">
            (none)
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

const mono = (value: string | null) =>
  value ? (
    <Text size="sm" ff="monospace">
      {value}
    </Text>
  ) : null;

interface AuditEntryDrawerProps {
  entry: AuditLogEntry | undefined;
  // Separate from `entry`, so the entry stays on screen while the drawer slides away.
  opened: boolean;
  onClose: () => void;
  onFilter: (patch: Partial<AuditFilters>) => void;
}

// Everything an entry recorded, with its changed fields before and after.
export function AuditEntryDrawer({ entry, opened, onClose, onFilter }: AuditEntryDrawerProps) {
  const filterBy = (patch: Partial<AuditFilters>) => {
    onFilter(patch);
    onClose();
  };
  return (
    <Drawer
      opened={opened && Boolean(entry)}
      onClose={onClose}
      position="right"
      size="lg"
      title="Audit entry"
    >
      {entry && (
        <Stack gap="lg">
          <Group gap="sm" wrap="wrap">
            <Text fw={600}>{auditActionLabel(entry.action)}</Text>
            <Text size="sm" c="dimmed" ff="monospace">
              {entry.action}
            </Text>
            <OutcomeBadge outcome={entry.outcome} />
          </Group>
          <Table withTableBorder verticalSpacing={6} aria-label="Entry details">
            <Table.Tbody>
              <Field label="Time">
                <Text size="sm" component="time" dateTime={entry.createdAt}>
                  {formatTime(entry.createdAt)}{' '}
                  <Text span size="xs" c="dimmed">
                    ({entry.createdAt})
                  </Text>
                </Text>
              </Field>
              <Field label="Actor">
                <Text size="sm" title={actorDetails(entry)}>
                  {actorName(entry)}
                  {entry.actorName && entry.actorLabel && ` <${entry.actorLabel}>`}
                  {(entry.actorName ?? entry.actorLabel) && ` (${actorTypeName(entry.actorType).toLowerCase()})`}
                </Text>
              </Field>
              <Field label="Actor ID">{mono(entry.actorId)}</Field>
              <Field label="Resource type">{mono(entry.resourceType)}</Field>
              <Field label="Resource ID">{mono(entry.resourceId)}</Field>
              <Field label="IP address">{mono(entry.ip)}</Field>
              <Field label="User agent">{entry.userAgent && <Text size="sm">{entry.userAgent}</Text>}</Field>
              <Field label="Request ID">{mono(entry.requestId)}</Field>
              <Field label="Entry ID">{mono(entry.id)}</Field>
            </Table.Tbody>
          </Table>

          <Stack gap="xs">
            <Title order={3} size="h5">
              Changed fields
            </Title>
            <AuditChanges changes={entry.changes} />
          </Stack>

          {entry.metadata && Object.keys(entry.metadata).length > 0 && (
            <Stack gap="xs">
              <Title order={3} size="h5">
                Details
              </Title>
              <Code block>{JSON.stringify(entry.metadata, null, 2)}</Code>
            </Stack>
          )}

          <Group gap="sm">
            {entry.actorId && (
              <Button
                variant="default"
                leftSection={<IconFilter size={16} aria-hidden />}
                onClick={() => filterBy({ actorId: entry.actorId ?? undefined })}
              >
                Entries by this actor
              </Button>
            )}
            {entry.resourceType && entry.resourceId && (
              <Button
                variant="default"
                leftSection={<IconFilter size={16} aria-hidden />}
                onClick={() =>
                  filterBy({
                    resourceType: entry.resourceType ?? undefined,
                    resourceId: entry.resourceId ?? undefined,
                  })
                }
              >
                Entries for this resource
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}
