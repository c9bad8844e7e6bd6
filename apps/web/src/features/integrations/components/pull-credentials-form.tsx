import { Alert, Button, Code, Group, List, NumberInput, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { useTestCredentials } from '../api/sync';
import { checkCredentialFields, parseDomains, type PullProviderSpec } from '../utils/pull-providers';

export interface PullConnectionInput {
  name: string;
  credentials: Record<string, string>;
  syncIntervalMinutes: number;
  config: Record<string, unknown>;
}

interface PullCredentialsFormProps {
  spec: PullProviderSpec;
  // create: name, schedule and settings too; replace: only new credentials for an existing connection.
  mode: 'create' | 'replace';
  pending: boolean;
  error: Error | null;
  submitLabel: string;
  onCancel: () => void;
  onSubmit: (input: PullConnectionInput) => void;
}

// The API's field errors by form field: `credentials.clientId` goes under Client ID, `name` under Name.
function apiFieldErrors(error: unknown): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  if (!(error instanceof ApiError)) return { byField, other };
  for (const { field, message } of error.fieldErrors) {
    const key = field.startsWith('credentials.') ? field.slice('credentials.'.length) : field;
    if (['credentials', 'config'].includes(key)) other.push(message);
    else byField[key] = byField[key] ? `${byField[key]}; ${message}` : message;
  }
  return { byField, other };
}

export function SetupSteps({ spec }: { spec: PullProviderSpec }) {
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Where to find these
      </Title>
      <List type="ordered" size="sm" spacing={4}>
        {spec.steps.map((step) => (
          <List.Item key={step}>{step}</List.Item>
        ))}
      </List>
      <Text size="sm">
        Scopes to grant:{' '}
        {spec.scopes.map((scope, i) => (
          <span key={scope}>
            {i > 0 && ', '}
            <Code>{scope}</Code>
          </span>
        ))}
      </Text>
    </Stack>
  );
}

// Credentials of a provider pulled on a schedule, with `Test` (the provider is called; nothing is saved)
// before `Connect`. Errors, ours or the API's, sit under the field they are about.
export function PullCredentialsForm({ spec, mode, pending, error, submitLabel, onCancel, onSubmit }: PullCredentialsFormProps) {
  const test = useTestCredentials();
  const [name, setName] = useState(spec.defaultName);
  const [values, setValues] = useState<Record<string, string>>({});
  const [interval, setInterval] = useState<number | string>(5);
  const [calendarId, setCalendarId] = useState('primary');
  const [domains, setDomains] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const fromTest = apiFieldErrors(test.error);
  const fromSave = apiFieldErrors(error);
  const fieldError = (key: string) => local[key] ?? fromSave.byField[key] ?? fromTest.byField[key];
  const busy = pending || test.isPending;

  const setValue = (key: string, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    test.reset();
  };

  const credentials = () => Object.fromEntries(spec.fields.map((f) => [f.key, (values[f.key] ?? '').trim()]).filter(([, v]) => v !== ''));

  const check = (): Record<string, string> | null => {
    const next = checkCredentialFields(spec, values);
    if (mode === 'create') {
      if (!name.trim()) next.name = 'Give the connection a name';
      if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1 || interval > 1440) next.syncIntervalMinutes = 'Between 1 and 1440 minutes';
      if (spec.calendarSettings && parseDomains(domains) === null) next.teamDomains = 'Email domains only, e.g. acme.com, acme.co.uk';
    }
    setLocal(next);
    return Object.keys(next).length === 0 ? next : null;
  };

  const runTest = () => {
    if (check()) test.mutate({ provider: spec.provider, credentials: credentials() });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check()) return;
    const config: Record<string, unknown> = spec.calendarSettings ? { calendarId: calendarId.trim() || 'primary', teamDomains: parseDomains(domains) ?? [] } : {};
    onSubmit({ name: name.trim(), credentials: credentials(), syncIntervalMinutes: interval as number, config });
  };

  const unplaced = [...fromSave.other, ...(error && !(error instanceof ApiError && error.fieldErrors.length > 0) ? [error.message] : [])];

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {unplaced.length > 0 && (
          <Alert color="red" title="Nothing was saved">
            {unplaced.join(' ')}
          </Alert>
        )}
        {mode === 'create' && (
          <TextInput
            label="Name"
            description="To tell connections apart."
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldError('name')}
            disabled={busy}
          />
        )}
        {spec.fields.map((field, i) => {
          const common = {
            label: field.label,
            description: field.description,
            required: !field.optional,
            error: fieldError(field.key),
            disabled: busy,
            'data-autofocus': i === 0 && mode === 'replace' ? true : undefined,
          };
          if (field.kind === 'select') {
            return (
              <Select
                key={field.key}
                {...common}
                data={field.options?.map((o) => ({ value: o.value, label: o.label })) ?? []}
                value={values[field.key] ?? null}
                onChange={(value) => setValue(field.key, value ?? '')}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
            );
          }
          const Input = field.kind === 'secret' ? PasswordInput : TextInput;
          return <Input key={field.key} {...common} autoComplete="off" spellCheck={false} value={values[field.key] ?? ''} onChange={(event) => setValue(field.key, event.currentTarget.value)} />;
        })}
        {mode === 'create' && spec.calendarSettings && (
          <>
            <TextInput
              label="Calendar ID"
              description="“primary” is the main calendar of the account that granted access; another calendar’s ID is in its Google Calendar settings."
              value={calendarId}
              onChange={(event) => setCalendarId(event.currentTarget.value)}
              disabled={busy}
            />
            <TextInput
              label="Your team’s email domains"
              description="Guests with these domains are colleagues, not leads. Separate them with commas."
              placeholder="acme.com, acme.co.uk"
              value={domains}
              onChange={(event) => setDomains(event.currentTarget.value)}
              error={local.teamDomains}
              disabled={busy}
            />
          </>
        )}
        {mode === 'create' && (
          <NumberInput
            label="Sync every (minutes)"
            description="How often Hot Leads reads new and changed records; 1 to 1440."
            required
            min={1}
            max={1440}
            allowDecimal={false}
            value={interval}
            onChange={setInterval}
            error={fieldError('syncIntervalMinutes')}
            disabled={busy}
          />
        )}

        {test.data && (
          <Alert color={test.data.ok ? 'green' : 'red'} title={test.data.ok ? 'The credentials work' : 'The test failed'} role="status">
            {test.data.message}
          </Alert>
        )}
        {test.error && fromTest.other.length + Object.keys(fromTest.byField).length === 0 && (
          <Alert color="red" title="The test could not run" role="status">
            {test.error.message}
          </Alert>
        )}

        <SetupSteps spec={spec} />

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button variant="default" leftSection={<IconPlugConnected size={16} aria-hidden />} loading={test.isPending} disabled={pending} onClick={runTest}>
            Test
          </Button>
          <Button type="submit" loading={pending} disabled={test.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
