import { Table, Text } from '@mantine/core';
import { changeRows, formatChangeValue } from '../utils/change-rows';

function Value({ value }: { value: unknown }) {
  const text = formatChangeValue(value);
  const none = value === null || value === undefined || value === '';
  return (
    <Text size="sm" ff="monospace" fs={none ? 'italic' : undefined} style={{ wordBreak: 'break-word' }}>
      {text}
    </Text>
  );
}

// The fields an audit entry changed, before and after; entries that recorded only values show those.
export function AuditChanges({ changes }: { changes: Record<string, unknown> | null }) {
  const rows = changeRows(changes);
  if (!rows.length) {
    return (
      <Text size="sm" c="dimmed">
        This entry records no changed fields.
      </Text>
    );
  }
  const withBefore = rows.some((row) => row.hasBefore);
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table withTableBorder withColumnBorders verticalSpacing={6} aria-label="Changed fields">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Field</Table.Th>
            {withBefore && <Table.Th scope="col">Before</Table.Th>}
            <Table.Th scope="col">{withBefore ? 'After' : 'Value'}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.field}>
              <Table.Th scope="row" fw={500}>
                <Text size="sm" ff="monospace">
                  {row.field}
                </Text>
              </Table.Th>
              {withBefore && <Table.Td>{row.hasBefore ? <Value value={row.before} /> : null}</Table.Td>}
              <Table.Td>
                <Value value={row.after} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
