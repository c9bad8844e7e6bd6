import { Badge, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { QueryError } from '@/components/ui/query-error';
import { paths } from '@/config/paths';
import { useAssignmentPreview } from '../api/assignment';

// Who the rules as they are now would have given the workspace's last 100 leads to: per person, and lead by lead.
export function AssignmentPreview({ nameOf }: { nameOf: (id: string) => string }) {
  const preview = useAssignmentPreview();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="assignment-preview-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="assignment-preview-title">
          Preview: the last 100 leads
        </Title>
        <Text size="sm" c="dimmed">
          Who the rules as they are now would have given them to, taking turns from each group&apos;s current position, with today&apos;s away and capacity. Nothing is assigned.
        </Text>
        {preview.isPending ? (
          <Skeleton h={120} />
        ) : preview.isError ? (
          <QueryError what="the preview" error={preview.error} retrying={preview.isFetching} onRetry={() => void preview.refetch()} />
        ) : preview.data.rows.length === 0 ? (
          <Text size="sm">No leads yet.</Text>
        ) : (
          <>
            <Group gap="xs" aria-label="Leads per person" role="list">
              {Object.entries(preview.data.byUser)
                .sort((a, b) => b[1] - a[1])
                .map(([userId, count]) => (
                  <Badge key={userId} variant="light" size="lg" role="listitem">
                    {nameOf(userId)}: {count}
                  </Badge>
                ))}
              <Badge variant="outline" color="gray" size="lg" role="listitem">
                Unassigned: {preview.data.unassigned}
              </Badge>
            </Group>
            <Table.ScrollContainer minWidth={640} mah={420} type="native">
              <Table verticalSpacing={4} aria-label="Preview of the last 100 leads" stickyHeader>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Lead</Table.Th>
                    <Table.Th>Came in</Table.Th>
                    <Table.Th>Would go to</Table.Th>
                    <Table.Th>Rule</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.data.rows.map((row) => (
                    <Table.Tr key={row.leadId}>
                      <Table.Td>
                        <Link to={paths.lead.getHref(row.leadId)}>{row.name || 'Unnamed lead'}</Link>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{new Date(row.createdAt).toLocaleString()}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{row.userId ? nameOf(row.userId) : 'Nobody'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={row.ruleName ? undefined : 'dimmed'}>
                          {row.ruleName ?? 'No rule matches'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>
    </Paper>
  );
}
