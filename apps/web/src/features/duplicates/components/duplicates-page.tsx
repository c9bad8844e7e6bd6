import { Anchor, Badge, Button, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryError } from '@/components/ui/query-error';
import { paths } from '@/config/paths';
import { STATUS_LABELS } from '@/utils/lead-labels';
import { useCan } from '@/lib/authorization';
import { reasonLabel, useDuplicates, type DuplicatePair } from '../api/get-duplicates';
import { MergeLeadsDialog } from './merge-leads-dialog';


function LeadCell({ lead }: { lead: DuplicatePair['lead'] }) {
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={paths.lead.getHref(lead.id)} fw={500}>
        {lead.name || lead.email || lead.phone || 'Unnamed lead'}
      </Anchor>
      <Text size="sm" c="dimmed">
        {[lead.email, lead.phone, lead.company].filter(Boolean).join(' · ')}
      </Text>
      <Text size="xs" c="dimmed">
        {STATUS_LABELS[lead.status]} · added {new Date(lead.createdAt).toLocaleDateString()}
      </Text>
    </Stack>
  );
}

export function DuplicatesPage() {
  const duplicates = useDuplicates();
  const pairs = duplicates.data?.pages.flatMap((p) => p.data) ?? [];
  // Merging hides a lead, so it takes what deleting takes.
  const canMerge = useCan('leads:delete');
  const [merging, setMerging] = useState<readonly [string, string] | null>(null);
  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1}>Possible duplicates</Title>
        <Text c="dimmed">
          Leads that may be the same person but that intake could not merge by itself: an open lead with the email or phone of an archived or converted one,
          the same name and company with other contacts, and Gmail addresses that differ only by dots or a +tag (Gmail delivers them to one mailbox; other
          providers do not, so they are not matched).
        </Text>
      </div>
      {duplicates.isError ? (
        <QueryError what="the duplicates" error={duplicates.error} retrying={duplicates.isFetching} onRetry={() => void duplicates.refetch()} />
      ) : duplicates.isPending ? (
        <Text c="dimmed">Looking for duplicates…</Text>
      ) : pairs.length === 0 ? (
        <Text>No possible duplicates.</Text>
      ) : (
        <Paper withBorder>
          <ScrollArea>
            <Table aria-label="Possible duplicates" miw={720} verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Why</Table.Th>
                  <Table.Th>Newer lead</Table.Th>
                  <Table.Th>Older lead</Table.Th>
                  {canMerge && <Table.Th>Action</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pairs.map((pair) => (
                  <Table.Tr key={`${pair.lead.id}-${pair.reason}-${pair.match.id}`}>
                    <Table.Td>
                      <Badge variant="default" tt="none" style={{ whiteSpace: 'normal', height: 'auto' }}>
                        {reasonLabel(pair)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <LeadCell lead={pair.lead} />
                    </Table.Td>
                    <Table.Td>
                      <LeadCell lead={pair.match} />
                    </Table.Td>
                    {canMerge && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={`Merge ${pair.lead.name || pair.lead.email || pair.lead.phone || 'lead'} and ${pair.match.name || pair.match.email || pair.match.phone || 'lead'}`}
                          onClick={() => setMerging([pair.lead.id, pair.match.id])}
                        >
                          Merge
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      )}
      {merging && <MergeLeadsDialog leadIds={merging} opened onClose={() => setMerging(null)} />}
      {duplicates.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void duplicates.fetchNextPage()} loading={duplicates.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
