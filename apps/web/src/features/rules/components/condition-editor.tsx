import type { LeafCondition } from '@hotleads/shared';
import { ActionIcon, Button, Group, NumberInput, SegmentedControl, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { FIELD_SPECS, newLeaf, specOf, type ConditionDraft, type EditorField } from '../utils/conditions';

interface ConditionEditorProps {
  value: ConditionDraft;
  onChange: (draft: ConditionDraft) => void;
  // Assignment rules may also test the score and the time of day.
  assignment: boolean;
  problems?: Record<number, string>;
  // What an empty condition means, e.g. "every lead".
  emptyText: string;
}

function LeafValue({ leaf, onChange, label, error }: { leaf: LeafCondition; onChange: (leaf: LeafCondition) => void; label: string; error?: string }) {
  const spec = specOf(leaf.field);
  if (leaf.field === 'hasCompany') {
    return (
      <Select
        aria-label={label}
        data={[
          { value: 'true', label: 'yes' },
          { value: 'false', label: 'no' },
        ]}
        value={String(leaf.value)}
        allowDeselect={false}
        onChange={(v) => onChange({ ...leaf, value: v === 'true' })}
        w={120}
      />
    );
  }
  if (leaf.field === 'messageLength' || leaf.field === 'score') {
    return (
      <NumberInput
        aria-label={label}
        min={0}
        max={leaf.field === 'score' ? 101 : 100_000}
        allowDecimal={false}
        allowNegative={false}
        value={leaf.value}
        onChange={(v) => onChange({ ...leaf, value: typeof v === 'number' ? v : 0 })}
        w={140}
        description={spec.hint}
      />
    );
  }
  if (leaf.field === 'timeOfDay') {
    return (
      <Group gap="xs" wrap="nowrap">
        <TextInput aria-label={`${label}: from`} placeholder="09:00" value={leaf.value.from} onChange={(e) => onChange({ ...leaf, value: { ...leaf.value, from: e.currentTarget.value } })} w={90} error={error ? true : undefined} />
        <Text size="sm">and</Text>
        <TextInput aria-label={`${label}: to`} placeholder="17:00" value={leaf.value.to} onChange={(e) => onChange({ ...leaf, value: { ...leaf.value, to: e.currentTarget.value } })} w={90} error={error ? true : undefined} />
      </Group>
    );
  }
  const values = leaf.value as string[];
  return (
    <TagsInput
      aria-label={label}
      placeholder={spec.options ? 'Pick or type, then Enter' : (spec.hint ?? 'Type a value, then Enter')}
      data={spec.options}
      value={values}
      onChange={(next) => onChange({ ...leaf, value: next } as LeafCondition)}
      clearable
      miw={240}
      style={{ flex: 1 }}
      error={error ? true : undefined}
    />
  );
}

// The condition of a scoring or assignment rule: rows of "field, operator, value", joined by all or any.
export function ConditionEditor({ value, onChange, assignment, problems = {}, emptyText }: ConditionEditorProps) {
  const fields = FIELD_SPECS.filter((s) => assignment || !s.assignmentOnly).map((s) => ({ value: s.field, label: s.label }));
  const setLeaf = (i: number, leaf: LeafCondition) => onChange({ ...value, leaves: value.leaves.map((l, k) => (k === i ? leaf : l)) });
  return (
    <Stack gap="xs" role="group" aria-label="Condition">
      <Group gap="sm">
        <Text size="sm" fw={500}>
          Condition
        </Text>
        {value.leaves.length > 1 && (
          <SegmentedControl
            size="xs"
            aria-label="How the parts combine"
            value={value.join}
            onChange={(join) => onChange({ ...value, join: join as ConditionDraft['join'] })}
            data={[
              { value: 'all', label: 'All must hold' },
              { value: 'any', label: 'Any may hold' },
            ]}
          />
        )}
      </Group>
      {value.leaves.length === 0 && (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      )}
      {value.leaves.map((leaf, i) => {
        const spec = specOf(leaf.field);
        const n = i + 1;
        return (
          <Stack key={i} gap={2}>
            <Group gap="xs" align="flex-start" wrap="wrap">
              <Select
                aria-label={`Part ${n}: field`}
                data={fields}
                value={leaf.field}
                allowDeselect={false}
                onChange={(f) => f && setLeaf(i, newLeaf(f as EditorField))}
                w={170}
              />
              <Select
                aria-label={`Part ${n}: operator`}
                data={spec.ops}
                value={leaf.op}
                allowDeselect={false}
                onChange={(op) => op && setLeaf(i, { ...leaf, op } as LeafCondition)}
                w={140}
              />
              <LeafValue leaf={leaf} label={`Part ${n}: value`} onChange={(l) => setLeaf(i, l)} error={problems[i]} />
              <ActionIcon variant="subtle" color="gray" aria-label={`Remove part ${n}`} onClick={() => onChange({ ...value, leaves: value.leaves.filter((_, k) => k !== i) })} mt={4}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
            {problems[i] && (
              <Text size="xs" c="red.8">
                Part {n}: {problems[i]}
              </Text>
            )}
          </Stack>
        );
      })}
      <Group>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange({ ...value, leaves: [...value.leaves, newLeaf(value.leaves.length === 0 ? 'priority' : 'tags')] })}>
          Add a part
        </Button>
      </Group>
    </Stack>
  );
}
