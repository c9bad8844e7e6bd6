import { Accordion, Badge, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { SubjectReport } from '../api/search-subject';
import { KIND_LABELS } from '../utils/kind-labels';

const label = (kind: string) => KIND_LABELS[kind] ?? kind;

export function SubjectReportView({ report }: { report: SubjectReport }) {
  const found = report.records.filter((r) => r.count > 0);
  const total = found.reduce((n, r) => n + r.count, 0);
  const who = [report.email, report.phone].filter(Boolean).join(' · ');
  return (
    <Stack gap="md">
      <Group gap="sm">
        <Title order={2} size="h3">
          {who}
        </Title>
        {report.suppressed && (
          <Badge color="orange" variant="light">
            Suppressed: intake refuses this person
          </Badge>
        )}
      </Group>
      {total === 0 ? (
        <Text c="dimmed">The workspace holds no records about this person.</Text>
      ) : (
        <Paper withBorder>
          <Table aria-label="Records per kind">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th ta="right">Records</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {found.map((r) => (
                <Table.Tr key={r.kind}>
                  <Table.Td>{label(r.kind)}</Table.Td>
                  <Table.Td ta="right">{r.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {found.length > 0 && (
        <Accordion variant="separated" multiple>
          {found.map((r) => (
            <Accordion.Item key={r.kind} value={r.kind}>
              <Accordion.Control>
                {label(r.kind)} ({r.count})
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="xs">
                  {r.items.map((item, i) => (
                    <Code block key={i}>
                      {JSON.stringify(item, null, 2)}
                    </Code>
                  ))}
                  {r.count > r.items.length && <Text size="sm" c="dimmed">{`The first ${r.items.length} are shown; the export holds all ${r.count}.`}</Text>}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}
