import { Button, Checkbox, Group, List, NumberInput, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { QueryError } from '@/components/ui/query-error';
import { ApiError } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { useRetention, useUpdateRetention, type Retention, type RetentionChange } from '../api/retention';

type RuleKey = 'inactiveLeadMonths' | 'webhookPayloadDays' | 'importDays' | 'auditMonths';

interface Rule {
  key: RuleKey;
  label: string;
  unit: 'months' | 'days';
  min: number;
  max: number;
  // Shown when the rule is first turned on.
  suggested: number;
  description: string;
}

const RULES: Rule[] = [
  { key: 'inactiveLeadMonths', label: 'Erase inactive leads', unit: 'months', min: 1, max: 120, suggested: 24, description: 'Leads with no change and nothing on their timeline for this long are erased, as an erasure does (the person is not suppressed).' },
  { key: 'webhookPayloadDays', label: 'Delete webhook payloads', unit: 'days', min: 1, max: 3650, suggested: 30, description: 'The stored body of incoming webhooks; the delivery record stays.' },
  { key: 'importDays', label: 'Delete import files and error reports', unit: 'days', min: 1, max: 3650, suggested: 30, description: 'The rows and error reports of finished imports; the import and its counts stay.' },
  { key: 'auditMonths', label: 'Delete old audit entries', unit: 'months', min: 12, max: 120, suggested: 24, description: 'Never fewer than 12 months.' },
];

const RESULT_LABELS: Array<[keyof NonNullable<Retention['lastResult']>, string]> = [
  ['erasedLeads', 'leads erased'],
  ['webhookPayloads', 'webhook payloads deleted'],
  ['importRows', 'import rows deleted'],
  ['importErrors', 'import error lines deleted'],
  ['auditEntries', 'audit entries deleted'],
];

type Values = Record<RuleKey, { on: boolean; value: number | string }>;

const toValues = (r: Retention): Values =>
  Object.fromEntries(RULES.map((rule) => [rule.key, { on: r[rule.key] !== null, value: r[rule.key] ?? rule.suggested }])) as Values;

const when = (iso: string) => new Date(iso).toLocaleString();

export function RetentionSettings() {
  const retention = useRetention();
  return (
    <section aria-labelledby="retention-title">
      <Title order={2} size="h3" id="retention-title" mb="xs">
        Retention
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Keep personal data no longer than needed. Each rule is off until you turn it on; a daily job applies them.
      </Text>
      {retention.isPending ? (
        <Skeleton h={160} />
      ) : retention.isError ? (
        <QueryError what="the retention settings" error={retention.error} retrying={retention.isFetching} onRetry={() => void retention.refetch()} />
      ) : (
        <RetentionForm key={retention.dataUpdatedAt} retention={retention.data} />
      )}
    </section>
  );
}

function RetentionForm({ retention }: { retention: Retention }) {
  const [values, setValues] = useState<Values>(() => toValues(retention));
  const [errors, setErrors] = useState<Partial<Record<RuleKey, string>>>({});
  const update = useUpdateRetention();

  const change: RetentionChange = {};
  for (const rule of RULES) {
    const v = values[rule.key];
    const next = v.on ? (typeof v.value === 'number' ? v.value : Number.NaN) : null;
    if (next !== retention[rule.key]) change[rule.key] = next;
  }
  const dirty = Object.keys(change).length > 0;

  const set = (key: RuleKey, patch: Partial<Values[RuleKey]>) => {
    setValues((current) => ({ ...current, [key]: { ...current[key], ...patch } }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<RuleKey, string>> = {};
    for (const rule of RULES) {
      const v = values[rule.key];
      if (v.on && (typeof v.value !== 'number' || !Number.isInteger(v.value) || v.value < rule.min || v.value > rule.max)) {
        found[rule.key] = `Between ${rule.min} and ${rule.max} ${rule.unit}`;
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(change, {
      onSuccess: () => notify('green', 'Retention saved', 'The daily job applies the rules from its next run.'),
      onError: (error) => {
        if (error instanceof ApiError) setErrors(Object.fromEntries(error.fieldErrors.map(({ field, message }) => [field, message])));
        notify('red', 'Retention not saved', error.message);
      },
    });
  };

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={onSubmit} noValidate aria-label="Retention rules">
        <Stack gap="md">
          {RULES.map((rule) => (
            <Group key={rule.key} align="flex-start" wrap="nowrap" gap="md">
              <Checkbox mt={8} label={rule.label} description={rule.description} checked={values[rule.key].on} onChange={(e) => set(rule.key, { on: e.currentTarget.checked })} w={420} />
              <NumberInput
                label={`${rule.label}: after how many ${rule.unit}`}
                hideControls
                clampBehavior="none"
                w={200}
                min={rule.min}
                max={rule.max}
                allowDecimal={false}
                suffix={` ${rule.unit}`}
                disabled={!values[rule.key].on}
                value={values[rule.key].value}
                onChange={(value) => set(rule.key, { value })}
                error={errors[rule.key]}
              />
            </Group>
          ))}
          <Group justify="space-between" align="flex-end">
            <div>
              <Text size="sm">
                Next run: {retention.nextRunAt ? when(retention.nextRunAt) : 'none while every rule is off'}
              </Text>
              <Text size="sm">Last run: {retention.lastRunAt ? when(retention.lastRunAt) : 'never'}</Text>
              {retention.lastResult && (
                <List size="sm" aria-label="Last run's result">
                  {RESULT_LABELS.map(([key, label]) => (
                    <List.Item key={key}>
                      {retention.lastResult![key]} {label}
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
            <Button type="submit" disabled={!dirty} loading={update.isPending}>
              Save retention
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
