import type { LeadCondition } from '@hotleads/shared';
import { Alert, Button, Group, Modal, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useCreateScoringRule, useScoringPreview, useUpdateScoringRule, type ScoringRule } from '../api/scoring';
import { conditionOf, describeCondition, draftOf, draftProblems, type ConditionDraft } from '../utils/conditions';
import { previewText } from '../utils/preview-text';
import { ConditionEditor } from './condition-editor';

interface Values {
  name: string;
  draft: ConditionDraft | null;
  points: number | string;
  enabled: boolean;
}

// Adds or edits a scoring rule, with a preview of what it would do before it is saved.
export function ScoringRuleModal({ opened, onClose, rule }: { opened: boolean; onClose: () => void; rule?: ScoringRule }) {
  return (
    <Modal opened={opened} onClose={onClose} title={rule ? 'Edit scoring rule' : 'Add a scoring rule'} size="xl">
      {opened && <RuleForm rule={rule} onClose={onClose} />}
    </Modal>
  );
}

function RuleForm({ rule, onClose }: { rule?: ScoringRule; onClose: () => void }) {
  const create = useCreateScoringRule();
  const update = useUpdateScoringRule();
  const preview = useScoringPreview();
  const stored = rule?.condition as LeadCondition | undefined;
  const [values, setValues] = useState<Values>(() => ({
    name: rule?.name ?? '',
    draft: rule ? draftOf(stored) : { join: 'all', leaves: [] },
    points: rule?.points ?? 10,
    enabled: rule?.enabled ?? true,
  }));
  const [errors, setErrors] = useState<{ name?: string; points?: string; condition?: string }>({});
  const problems = values.draft ? draftProblems(values.draft) : {};
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  // The condition as it would be saved: the draft's, or the stored one the editor cannot show.
  const condition = values.draft ? conditionOf(values.draft) : (stored ?? null);

  const check = () => {
    const found: typeof errors = {};
    if (!values.name.trim()) found.name = 'Give the rule a name';
    if (typeof values.points !== 'number' || !Number.isInteger(values.points) || values.points < -100 || values.points > 100) found.points = 'Points are a whole number from -100 to 100';
    if (!condition) found.condition = 'Add at least one part to the condition';
    else if (Object.keys(problems).length > 0) found.condition = 'Complete every part of the condition';
    setErrors(found);
    return Object.keys(found).length === 0;
  };

  const runPreview = () => {
    if (!check() || !condition) return;
    preview.mutate({ ...(rule ? { id: rule.id } : {}), name: values.name.trim(), condition: condition as unknown as Record<string, unknown>, points: values.points as number, enabled: values.enabled });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check() || !condition) return;
    const body = { name: values.name.trim(), condition: condition as unknown as Record<string, unknown>, points: values.points as number, enabled: values.enabled };
    if (rule) update.mutate({ id: rule.id, change: body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };

  const change = (next: Partial<Values>) => {
    setValues({ ...values, ...next });
    // A preview of other values would mislead.
    preview.reset();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label="Name" description="Shown in each lead's score breakdown" required value={values.name} error={errors.name} onChange={(e) => change({ name: e.currentTarget.value })} maxLength={100} />
        {values.draft ? (
          <ConditionEditor value={values.draft} onChange={(draft) => change({ draft })} assignment={false} problems={problems} emptyText="Add a part: which leads get the points." />
        ) : (
          <Alert color="blue" title="This condition was set through the API">
            <Text size="sm">{describeCondition(stored)}</Text>
            <Button mt="xs" size="xs" variant="default" onClick={() => change({ draft: { join: 'all', leaves: [] } })}>
              Replace it
            </Button>
          </Alert>
        )}
        {errors.condition && (
          <Text size="sm" c="red.8">
            {errors.condition}
          </Text>
        )}
        <NumberInput
          label="Points"
          description="Added to the score when the condition holds; negative points take some away"
          min={-100}
          max={100}
          allowDecimal={false}
          value={values.points}
          error={errors.points}
          onChange={(points) => change({ points })}
          maw={220}
        />
        <Switch label="Enabled" checked={values.enabled} onChange={(e) => change({ enabled: e.currentTarget.checked })} />
        <Group>
          <Button variant="light" onClick={runPreview} loading={preview.isPending}>
            Preview
          </Button>
        </Group>
        {preview.data && (
          <Alert color="blue" role="status" title="Preview">
            {previewText(preview.data)}
          </Alert>
        )}
        {(preview.error || failure) && (
          <Alert color="red" role="alert" title="That did not work">
            {(failure ?? preview.error)?.message}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {rule ? 'Save' : 'Add rule'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
