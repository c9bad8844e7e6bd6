import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import { QueryError } from '@/components/ui/query-error';
import { useImportList, type LeadImportSummary } from '../api/imports';

// Neutral badges: the theme's light colour variants are below AA contrast for small text.
const STATUS_LABELS: Record<LeadImportSummary['status'], string> = { receiving: 'Receiving', queued: 'Queued', running: 'Running', completed: 'Completed', failed: 'Failed' };
const number = (n: number) => n.toLocaleString('en');

export function ImportHistory() {
  const list = useImportList();
  return (
    <section aria-labelledby="import-history-title">
      <Title order={2} size="h3" id="import-history-title" mb="xs">
        Past imports
      </Title>
      {list.isError ? (
        <QueryError what="the past imports" error={list.error} retrying={list.isFetching} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.length === 0 ? (
        <Text c="dimmed">No imports yet.</Text>
      ) : (
        <Paper withBorder>
          <Table aria-label="Past imports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Rows</Table.Th>
                <Table.Th ta="right">Created</Table.Th>
                <Table.Th ta="right">Merged</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(list.data ?? []).map((imp) => (
                <Table.Tr key={imp.id}>
                  <Table.Td>{new Date(imp.createdAt).toLocaleString()}</Table.Td>
                  <Table.Td>{imp.filename ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="default" title={imp.error ?? undefined}>
                      {STATUS_LABELS[imp.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{number(imp.totalRows)}</Table.Td>
                  <Table.Td ta="right">{number(imp.created)}</Table.Td>
                  <Table.Td ta="right">{number(imp.merged)}</Table.Td>
                  <Table.Td ta="right">{number(imp.failed)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </section>
  );
}
