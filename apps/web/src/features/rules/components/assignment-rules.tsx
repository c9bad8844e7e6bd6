import type { LeadCondition } from '@hotleads/shared';
import { Button, Group, Paper, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useAssignees } from '@/features/leads/api/list-assignees';
import { notify } from '@/lib/notify';
import { useDeleteAssignmentRule, useUpdateAssignmentRule, useUpdateTimeZone, type AssignmentRule, type AssignmentSettings } from '../api/assignment';
import { describeCondition } from '../utils/conditions';
import { reorder } from '../utils/order';
import { AssignmentPreview } from './assignment-preview';
import { AssignmentRuleModal } from './assignment-rule-modal';
import { RuleRowControls } from './rule-row-controls';

const zones = (): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf ? ['UTC', ...intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')] : ['UTC'];
};

function TimeZoneForm({ timeZone }: { timeZone: string }) {
  const update = useUpdateTimeZone();
  const data = useMemo(() => {
    const all = zones();
    return all.includes(timeZone) ? all : [timeZone, ...all];
  }, [timeZone]);
  return (
    <Select
      label="Time zone of time-of-day conditions"
      data={data}
      value={timeZone}
      searchable
      allowDeselect={false}
      disabled={update.isPending}
      onChange={(zone) => zone && zone !== timeZone && update.mutate(zone, { onError: (e) => notify('red', 'The time zone was not saved', e.message) })}
      maw={360}
    />
  );
}

// Settings → Assignment: ordered rules (the first that matches and has someone available assigns a new
// lead), their switches and order, the time zone, and who the last 100 leads would have gone to.
export function AssignmentRules({ settings }: { settings: AssignmentSettings }) {
  const [editing, setEditing] = useState<AssignmentRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AssignmentRule | null>(null);
  const [moving, setMoving] = useState(false);
  const update = useUpdateAssignmentRule();
  const remove = useDeleteAssignmentRule();
  const { data: users = [] } = useAssignees();
  const rules = settings.rules;
  const nameOf = (id: string) => {
    const user = users.find((u) => u.id === id);
    return user ? user.name || user.email : id;
  };
  const target = (rule: AssignmentRule) => (rule.action === 'user' ? `Assign to ${nameOf(rule.userId ?? '')}` : `Round-robin among ${rule.groupUserIds.map(nameOf).join(', ')}`);

  const move = async (index: number, delta: -1 | 1) => {
    setMoving(true);
    try {
      for (const change of reorder(rules, index, delta)) await update.mutateAsync({ id: change.id, change: { position: change.position } });
    } catch (error) {
      notify('red', 'The order was not saved', (error as Error).message);
    } finally {
      setMoving(false);
    }
  };

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" component="section" aria-labelledby="assignment-rules-title">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4" id="assignment-rules-title">
              Rules, in order
            </Title>
            <Button onClick={() => setEditing('new')}>Add a rule</Button>
          </Group>
          <Text size="sm" c="dimmed">
            Each new lead goes through the enabled rules from the top: the first that matches and has someone available assigns it. No match leaves it unassigned.
          </Text>
          {rules.length === 0 ? (
            <Text c="dimmed" ta="center" py="md">
              No rules: new leads stay unassigned until someone takes them.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={820} type="native">
              <Table verticalSpacing="sm" aria-label="Assignment rules">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Rule</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Then</Table.Th>
                    <Table.Th>Enabled</Table.Th>
                    <Table.Th>Order</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rules.map((rule, i) => (
                    <Table.Tr key={rule.id} data-testid={`assignment-rule-${rule.name}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {rule.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{describeCondition(rule.condition as unknown as LeadCondition | null)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{target(rule)}</Text>
                      </Table.Td>
                      <RuleRowControls
                        name={rule.name}
                        enabled={rule.enabled}
                        toggling={update.isPending}
                        onToggle={(enabled) => update.mutate({ id: rule.id, change: { enabled } }, { onError: (error) => notify('red', 'The rule was not changed', error.message) })}
                        first={i === 0}
                        last={i === rules.length - 1}
                        moving={moving}
                        onMove={(delta) => void move(i, delta)}
                        onEdit={() => setEditing(rule)}
                        onDelete={() => setDeleting(rule)}
                      />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <TimeZoneForm timeZone={settings.timeZone} />
        </Stack>
      </Paper>
      <AssignmentPreview nameOf={nameOf} />
      <AssignmentRuleModal opened={editing !== null} onClose={() => setEditing(null)} rule={editing && editing !== 'new' ? editing : undefined} users={users} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this assignment rule?"
        confirmLabel="Delete rule"
        busy={remove.isPending}
        error={remove.error?.message}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <Text size="sm">&ldquo;{deleting?.name}&rdquo; assigns no more leads; leads it assigned keep their assignee.</Text>
      </ConfirmDialog>
    </Stack>
  );
}
