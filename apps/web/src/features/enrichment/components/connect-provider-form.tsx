import { Alert, Button, Group, PasswordInput, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useCreateConnection } from '@/features/integrations/api/connections';
import { ApiError } from '@/lib/api-client';
import { notify } from '@/lib/notify';

type Provider = 'twilio_lookup' | 'kickbox';

interface Field {
  name: string;
  label: string;
  secret: boolean;
  description?: string;
}

const FIELDS: Record<string, Field[]> = {
  twilio_token: [
    {
      name: 'accountSid',
      label: 'Account SID',
      secret: false,
      description: 'Starts with AC; on the Twilio Console home page.',
    },
    { name: 'authToken', label: 'Auth token', secret: true },
  ],
  twilio_key: [
    {
      name: 'accountSid',
      label: 'Account SID',
      secret: false,
      description: 'Starts with AC.',
    },
    {
      name: 'apiKeySid',
      label: 'API key SID',
      secret: false,
      description: 'Starts with SK; Twilio Console → API keys.',
    },
    { name: 'apiKeySecret', label: 'API key secret', secret: true },
  ],
  kickbox: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      description: 'Kickbox app → API keys (live_… or test_… for the sandbox).',
    },
  ],
};

// Connects Twilio Lookup or Kickbox with their credentials (kept encrypted, never shown again).
export function ConnectProviderForm({ provider, label }: { provider: Provider; label: string }) {
  const create = useCreateConnection();
  const [twilioAuth, setTwilioAuth] = useState<'twilio_token' | 'twilio_key'>('twilio_key');
  const fields = FIELDS[provider === 'kickbox' ? 'kickbox' : twilioAuth];
  const [values, setValues] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const serverErrors: Record<string, string> = {};
  if (create.error instanceof ApiError) for (const e of create.error.fieldErrors) serverErrors[e.field.replace(/^credentials\./, '')] = e.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    for (const f of fields) if (!values[f.name]?.trim()) next[f.name] = `Enter the ${f.label}`;
    setMissing(next);
    if (Object.keys(next).length > 0) return;
    const credentials = Object.fromEntries(fields.map((f) => [f.name, values[f.name].trim()]));
    create.mutate(
      { provider, name: label, credentials },
      {
        onSuccess: () => {
          setValues({});
          notify('green', `${label} connected`, 'Use “Test” to check that the provider accepts the credentials.');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label={`Connect ${label}`} noValidate>
      <Stack gap="xs">
        {provider === 'twilio_lookup' && (
          <SegmentedControl
            size="xs"
            value={twilioAuth}
            onChange={(v) => setTwilioAuth(v as typeof twilioAuth)}
            data={[
              { value: 'twilio_key', label: 'API key (recommended)' },
              { value: 'twilio_token', label: 'Auth token' },
            ]}
            aria-label="How to sign in to Twilio"
          />
        )}
        {fields.map((f) => {
          const Input = f.secret ? PasswordInput : TextInput;
          return (
            <Input
              key={`${provider}-${f.name}`}
              label={f.label}
              description={f.description}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues({ ...values, [f.name]: e.currentTarget.value })}
              error={missing[f.name] ?? serverErrors[f.name]}
              autoComplete="off"
              required
            />
          );
        })}
        {create.error && !(create.error instanceof ApiError && create.error.fieldErrors.length > 0) && (
          <Alert color="red" role="status">
            {create.error.message}
          </Alert>
        )}
        {create.error instanceof ApiError && serverErrors.credentials && (
          <Alert color="red" role="status">
            {serverErrors.credentials}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Connect {label}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
