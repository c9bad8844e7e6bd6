import { Anchor, Table, Text } from '@mantine/core';
import type { AuditLogEntry } from '../api/get-audit-logs';
import { auditActionLabel } from '@hotleads/shared';
import { actorDetails, actorName, actorTypeName, formatTime } from '../utils/format';
import { OutcomeBadge } from './outcome-badge';

interface AuditLogTableProps {
  entries: readonly AuditLogEntry[];
  onOpen: (entry: AuditLogEntry) => void;
}

// One row per entry, newest first. The action opens the entry's details (the whole row does, for a mouse).
export function AuditLogTable({ entries, onOpen }: AuditLogTableProps) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Audit log entries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Time</Table.Th>
            <Table.Th scope="col">Actor</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
            <Table.Th scope="col">Resource</Table.Th>
            <Table.Th scope="col">Outcome</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id} onClick={() => onOpen(entry)} style={{ cursor: 'pointer' }}>
              <Table.Td>
                <Text size="sm" component="time" dateTime={entry.createdAt} style={{ whiteSpace: 'nowrap' }}>
                  {formatTime(entry.createdAt)}
                </Text>
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" truncate title={actorDetails(entry)}>
                  {actorName(entry)}
                </Text>
                {entry.actorType !== 'user' && entry.actorLabel && (
                  <Text size="xs" c="dimmed">
                    {actorTypeName(entry.actorType)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  title={entry.action}
                  aria-haspopup="dialog"
                  onClick={(event) => {
                    // The row's own handler would open it a second time.
                    event.stopPropagation();
                    onOpen(entry);
                  }}
                >
                  {auditActionLabel(entry.action)}
                </Anchor>
              </Table.Td>
              <Table.Td maw={240}>
                {entry.resourceType ? (
                  <Text size="sm" truncate title={entry.resourceId ?? undefined}>
                    {entry.resourceType}
                    {entry.resourceId && (
                      <Text span size="xs" c="dimmed" ff="monospace">
                        {' '}
                        {entry.resourceId.slice(0, 8)}
                      </Text>
                    )}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    –
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <OutcomeBadge outcome={entry.outcome} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
