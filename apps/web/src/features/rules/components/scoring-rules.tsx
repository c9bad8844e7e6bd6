import type { LeadCondition } from '@hotleads/shared';
import { Button, Group, NumberInput, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { notify } from '@/lib/notify';
import { useDeleteScoringRule, useUpdateDecay, useUpdateScoringRule, type ScoringRule, type ScoringSettings } from '../api/scoring';
import { describeCondition } from '../utils/conditions';
import { reorder } from '../utils/order';
import { RescoreProgress } from './rescore-progress';
import { RuleRowControls } from './rule-row-controls';
import { ScoringRuleModal } from './scoring-rule-modal';

function DecayForm({ decayPerDay }: { decayPerDay: number }) {
  const update = useUpdateDecay();
  const [value, setValue] = useState<number | string>(decayPerDay);
  const valid = typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="decay-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="decay-title">
          Decay
        </Title>
        <Group align="flex-end">
          <NumberInput
            label="Points lost per day without contact"
            description="Counted from the last contact, or from when the lead came in; never more than the rules gave. 0 turns it off."
            min={0}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            value={value}
            onChange={setValue}
            error={valid ? undefined : 'A whole number from 0 to 100'}
            maw={420}
          />
          <Button
            variant="default"
            disabled={!valid || value === decayPerDay}
            loading={update.isPending}
            onClick={() => valid && update.mutate(value, { onSuccess: () => notify('green', 'Decay saved', 'Every lead is scored again in the background.'), onError: (e) => notify('red', 'The decay was not saved', e.message) })}
          >
            Save decay
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

// Settings → Scoring: the rules that add up to each lead's score, their order, the decay, and the
// progress of the rescoring after a change.
export function ScoringRules({ settings }: { settings: ScoringSettings }) {
  const [editing, setEditing] = useState<ScoringRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ScoringRule | null>(null);
  const update = useUpdateScoringRule();
  const remove = useDeleteScoringRule();
  const [moving, setMoving] = useState(false);
  const rules = settings.rules;

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
      <RescoreProgress rescore={settings.rescore} />
      <Paper withBorder p="md" component="section" aria-labelledby="scoring-rules-title">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4" id="scoring-rules-title">
              Rules
            </Title>
            <Button onClick={() => setEditing('new')}>Add a rule</Button>
          </Group>
          <Text size="sm" c="dimmed">
            A lead&apos;s score is the sum of the points of every enabled rule it matches, less the decay, kept between 0 and 100.
          </Text>
          {rules.length === 0 ? (
            <Text c="dimmed" ta="center" py="md">
              No rules: every lead scores 0.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={760} type="native">
              <Table verticalSpacing="sm" aria-label="Scoring rules">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Rule</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Points</Table.Th>
                    <Table.Th>Enabled</Table.Th>
                    <Table.Th>Order</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rules.map((rule, i) => (
                    <Table.Tr key={rule.id} data-testid={`scoring-rule-${rule.name}`}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {rule.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{describeCondition(rule.condition as unknown as LeadCondition)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={700} c={rule.points < 0 ? 'red.9' : undefined}>
                          {rule.points > 0 ? `+${rule.points}` : rule.points}
                        </Text>
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
        </Stack>
      </Paper>
      <DecayForm decayPerDay={settings.decayPerDay} />
      <ScoringRuleModal opened={editing !== null} onClose={() => setEditing(null)} rule={editing && editing !== 'new' ? editing : undefined} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this scoring rule?"
        confirmLabel="Delete rule"
        busy={remove.isPending}
        error={remove.error?.message}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <Text size="sm">&ldquo;{deleting?.name}&rdquo; stops counting; every lead is scored again in the background.</Text>
      </ConfirmDialog>
    </Stack>
  );
}
