import { Badge, Button, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notify } from '@/lib/notify';
import { useDownloadExport, useExports, type PrivacyExport, type PrivacyExportDocument } from '../api/privacy-exports';

const STATUS_COLORS: Record<PrivacyExport['status'], string> = { pending: 'blue', ready: 'green', failed: 'red', downloaded: 'gray', expired: 'gray' };

// The document leaves the browser as a file; nothing of it stays in the page or the query cache.
function save(id: string, body: PrivacyExportDocument): void {
  const blob = new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `privacy-export-${id}.json`;
  link.click();
  URL.revokeObjectURL(url);
}

export function ExportList() {
  const exports = useExports();
  const download = useDownloadExport();
  if (!exports.data || exports.data.length === 0) return null;
  const fetchOne = (id: string) =>
    download.mutate(id, {
      onSuccess: (body) => {
        save(id, body);
        notify('green', 'Export downloaded', 'It cannot be downloaded again.');
      },
      onError: (error) => notify('red', 'The export was not downloaded', error.message),
    });
  return (
    <section aria-labelledby="exports-title">
      <Title order={2} size="h3" id="exports-title" mb="xs">
        Your exports
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Each can be downloaded once, within 24 hours.
      </Text>
      <Paper withBorder>
        <Table aria-label="Your exports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Requested</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Records</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {exports.data.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{new Date(e.createdAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[e.status]} variant="light">
                    {e.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{e.counts ? Object.values(e.counts).reduce((n, c) => n + c, 0) : '—'}</Table.Td>
                <Table.Td ta="right">
                  {e.status === 'ready' && (
                    <Button size="xs" onClick={() => fetchOne(e.id)} loading={download.isPending && download.variables === e.id}>
                      Download
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </section>
  );
}
