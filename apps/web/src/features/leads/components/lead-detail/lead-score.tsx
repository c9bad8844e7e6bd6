import type { Schemas } from '@hotleads/api-client';
import { Badge, Group, Table, Text } from '@mantine/core';

type LeadDto = Schemas['LeadDto'];
type LeadEventDto = Schemas['LeadEventDto'];

export function scoreColor(score: number): string {
  if (score >= 70) return 'red';
  if (score >= 40) return 'orange';
  return 'gray';
}

// The assignment rule named by the latest automatic assignment in the timeline, if any.
export function assigningRule(events: readonly LeadEventDto[]): string | null {
  for (const event of events) {
    const rule = (event.data as { rule?: { name?: unknown } } | undefined)?.rule;
    if (event.type === 'updated' && typeof rule?.name === 'string') return rule.name;
  }
  return null;
}

// "Why this score": the computed score and the exact contributions that add up to it.
export function LeadScore({ lead, events }: { lead: LeadDto; events: readonly LeadEventDto[] }) {
  const rule = assigningRule(events);
  return (
    <div data-testid="lead-score">
      {lead.score === null ? (
        <Text size="sm" c="dimmed">
          Not scored yet.
        </Text>
      ) : (
        <>
          <Group gap="xs" mb="xs">
            <Badge color={scoreColor(lead.score)} size="lg" variant="filled" tt="none" aria-label={`Score ${lead.score} of 100`}>
              {lead.score}
            </Badge>
            <Text size="sm" c="dimmed">
              of 100
            </Text>
          </Group>
          {lead.scoreReasons.length === 0 ? (
            <Text size="sm" c="dimmed">
              No scoring rule matches this lead.
            </Text>
          ) : (
            <Table withRowBorders={false} verticalSpacing={2} aria-label="Why this score">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th ta="right">Points</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lead.scoreReasons.map((reason, i) => (
                  <Table.Tr key={`${reason.rule}-${i}`}>
                    <Table.Td>{reason.rule}</Table.Td>
                    <Table.Td ta="right" c={reason.points < 0 ? 'red.8' : undefined}>
                      {reason.points > 0 ? `+${reason.points}` : reason.points}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
      {rule && (
        <Text size="sm" mt="xs" data-testid="lead-assigned-by">
          Assigned by the rule “{rule}”.
        </Text>
      )}
    </div>
  );
}
