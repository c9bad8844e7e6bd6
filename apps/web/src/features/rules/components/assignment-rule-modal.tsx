import type { LeadCondition } from '@hotleads/shared';
import { Alert, Button, Group, Modal, MultiSelect, Radio, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Assignee } from '@/features/leads/api/list-assignees';
import { useCreateAssignmentRule, useUpdateAssignmentRule, type AssignmentRule } from '../api/assignment';
import { conditionOf, describeCondition, draftOf, draftProblems, type ConditionDraft } from '../utils/conditions';
import { ConditionEditor } from './condition-editor';

interface Values {
  name: string;
  draft: ConditionDraft | null;
  action: 'user' | 'round_robin';
  userId: string | null;
  groupUserIds: string[];
  enabled: boolean;
}

// Adds or edits an assignment rule: which leads (the condition, which may test the score and the time of
// day) and who gets them (one user, or a group in turn).
export function AssignmentRuleModal({ opened, onClose, rule, users }: { opened: boolean; onClose: () => void; rule?: AssignmentRule; users: readonly Assignee[] }) {
  return (
    <Modal opened={opened} onClose={onClose} title={rule ? 'Edit assignment rule' : 'Add an assignment rule'} size="xl">
      {opened && <RuleForm rule={rule} users={users} onClose={onClose} />}
    </Modal>
  );
}

function RuleForm({ rule, users, onClose }: { rule?: AssignmentRule; users: readonly Assignee[]; onClose: () => void }) {
  const create = useCreateAssignmentRule();
  const update = useUpdateAssignmentRule();
  const stored = (rule?.condition ?? null) as LeadCondition | null;
  const [values, setValues] = useState<Values>(() => ({
    name: rule?.name ?? '',
    draft: rule ? draftOf(stored) : { join: 'all', leaves: [] },
    action: rule?.action === 'user' ? 'user' : 'round_robin',
    userId: rule?.userId ?? null,
    groupUserIds: rule?.groupUserIds ?? [],
    enabled: rule?.enabled ?? true,
  }));
  const [errors, setErrors] = useState<{ name?: string; target?: string; condition?: string }>({});
  const problems = values.draft ? draftProblems(values.draft) : {};
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;
  // Users the list does not hold (another page, or now disabled) still show by id.
  const known = new Set(users.map((u) => u.id));
  const extra = [values.userId, ...values.groupUserIds].filter((id): id is string => !!id && !known.has(id));
  const options = [...users.map((u) => ({ value: u.id, label: u.name || u.email })), ...extra.map((id) => ({ value: id, label: id }))];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!values.name.trim()) found.name = 'Give the rule a name';
    if (values.action === 'user' && !values.userId) found.target = 'Choose the user who gets the leads';
    if (values.action === 'round_robin' && values.groupUserIds.length === 0) found.target = 'Choose at least one user';
    if (Object.keys(problems).length > 0) found.condition = 'Complete every part of the condition';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const condition = (values.draft ? conditionOf(values.draft) : stored) as unknown as Record<string, unknown> | null;
    const target = values.action === 'user' ? { action: 'user' as const, userId: values.userId! } : { action: 'round_robin' as const, groupUserIds: values.groupUserIds };
    const body = { name: values.name.trim(), condition, enabled: values.enabled, ...target };
    if (rule) update.mutate({ id: rule.id, change: body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };

  const change = (next: Partial<Values>) => setValues({ ...values, ...next });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label="Name" description="Named on each lead it assigns" required value={values.name} error={errors.name} onChange={(e) => change({ name: e.currentTarget.value })} maxLength={100} />
        {values.draft ? (
          <ConditionEditor value={values.draft} onChange={(draft) => change({ draft })} assignment problems={problems} emptyText="No condition: the rule takes every lead that reaches it." />
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
        <Radio.Group label="Who gets the lead" value={values.action} onChange={(v) => change({ action: v as Values['action'] })}>
          <Stack gap="xs" mt="xs">
            <Radio value="round_robin" label="Round-robin: the members of a group in turn, skipping anyone away, disabled or at capacity" />
            <Radio value="user" label="Always one user" />
          </Stack>
        </Radio.Group>
        {values.action === 'user' ? (
          <Select label="User" placeholder="Choose a user" data={options} value={values.userId} onChange={(userId) => change({ userId })} searchable error={errors.target} maw={420} />
        ) : (
          <MultiSelect
            label="Group, in turn order"
            placeholder="Choose users"
            data={options}
            value={values.groupUserIds}
            onChange={(groupUserIds) => change({ groupUserIds })}
            searchable
            error={errors.target}
            maw={560}
          />
        )}
        <Switch label="Enabled" checked={values.enabled} onChange={(e) => change({ enabled: e.currentTarget.checked })} />
        {failure && (
          <Alert color="red" role="alert" title="That did not work">
            {failure.message}
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
