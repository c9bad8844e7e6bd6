import { Box, Button, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useCan } from '@/lib/authorization';
import { useRepStats, type RepRow } from '../api/get-rep-stats';
import { formatCount, formatDuration, formatRate } from '../utils/format-stats';
import type { StatsPeriod } from '../utils/period';

interface RepStatsCardProps {
  period: StatsPeriod;
  // "in the last 7 days", for the captions.
  periodText: string;
}

// Managers and above (who hand leads out) see every rep; everyone else sees their own numbers.
export function RepStatsCard({ period, periodText }: RepStatsCardProps) {
  const everyone = useCan('leads:assign');
  const { data, error, isFetching, refetch } = useRepStats(period);
  const titleId = useId();
  const title = everyone ? 'Per rep' : 'My numbers';
  return (
    <Card component="section" withBorder padding="lg" aria-labelledby={titleId} aria-busy={!data && !error}>
      <Stack gap="md">
        <div>
          <Title order={2} fz="h4" id={titleId}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {everyone ? `Assigned leads among those created ${periodText}` : `Your assigned leads among those created ${periodText}`}
          </Text>
        </div>
        {error && !data ? (
          <Group gap="sm">
            <Text size="sm" role="alert">
              The numbers could not be loaded.
            </Text>
            <Button size="xs" variant="light" loading={isFetching} onClick={() => void refetch()}>
              Retry
            </Button>
          </Group>
        ) : !data ? (
          <Skeleton height={120} aria-label="Loading the numbers" />
        ) : everyone ? (
          <RepTable rows={data.rows} periodText={periodText} />
        ) : (
          <MyNumbers row={data.rows[0]} periodText={periodText} />
        )}
      </Stack>
    </Card>
  );
}

const median = (row: RepRow) => formatDuration(row.medianSecondsToFirstContact);

function RepTable({ rows, periodText }: { rows: RepRow[]; periodText: string }) {
  if (rows.length === 0) return <Text size="sm">No assigned leads were created {periodText}.</Text>;
  return (
    // Scrolls sideways on a phone; focusable, so a keyboard can scroll it too.
    <Box tabIndex={0} role="group" aria-label="Numbers per rep, scrolls sideways" style={{ overflowX: 'auto' }}>
      <Table striped highlightOnHover miw={640}>
        <caption>Numbers per rep</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Rep</Table.Th>
            <Table.Th scope="col">Assigned</Table.Th>
            <Table.Th scope="col">Contacted</Table.Th>
            <Table.Th scope="col">Median first contact</Table.Th>
            <Table.Th scope="col">SLA breaches</Table.Th>
            <Table.Th scope="col">Conversions</Table.Th>
            <Table.Th scope="col">Conversion rate</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.assigneeId} data-assignee={row.assigneeId}>
              <Table.Th scope="row" fw={500}>
                {row.name ?? 'Former user'}
              </Table.Th>
              <Table.Td>{formatCount(row.assigned)}</Table.Td>
              <Table.Td>{formatCount(row.contacted)}</Table.Td>
              <Table.Td>{median(row)}</Table.Td>
              <Table.Td>{formatCount(row.slaBreaches)}</Table.Td>
              <Table.Td>{formatCount(row.conversions)}</Table.Td>
              <Table.Td>{formatRate(row.conversionRate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function MyNumbers({ row, periodText }: { row?: RepRow; periodText: string }) {
  if (!row) return <Text size="sm">No leads created {periodText} are assigned to you.</Text>;
  const figures: Array<[string, string]> = [
    ['Assigned', formatCount(row.assigned)],
    ['Contacted', formatCount(row.contacted)],
    ['Median first contact', median(row)],
    ['SLA breaches', formatCount(row.slaBreaches)],
    ['Conversions', formatCount(row.conversions)],
    ['Conversion rate', formatRate(row.conversionRate)],
  ];
  return (
    <SimpleGrid component="dl" type="container" cols={{ base: 2, '540px': 3, '1100px': 6 }} spacing="md" m={0}>
      {figures.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="sm" c="dimmed">
            {label}
          </Text>
          <Text component="dd" fz="xl" fw={700} m={0}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
