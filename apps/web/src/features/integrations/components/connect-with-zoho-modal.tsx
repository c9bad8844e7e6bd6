import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { goToZoho, useStartZohoAuthorization, type StartZohoAuthorizationInput, type ZohoOAuthInfo } from '../api/zoho-connect';
import { ZOHO_DATA_CENTRES } from '../utils/pull-providers';
import { CopyField } from './copy-field';

interface ConnectWithZohoModalProps {
  opened: boolean;
  info: ZohoOAuthInfo;
  onClose: () => void;
}

type Field = 'dataCentre' | 'clientId' | 'clientSecret';

// Connects Zoho CRM through Zoho's own sign-in: the client of a Zoho "Server-based Application" whose
// redirect URI is ours; Zoho asks the user to consent and sends the browser back to the connection.
export function ConnectWithZohoModal({ opened, info, onClose }: ConnectWithZohoModalProps) {
  const start = useStartZohoAuthorization();
  const [name, setName] = useState('Zoho CRM');
  const [values, setValues] = useState<Record<Field, string>>({ dataCentre: '', clientId: '', clientSecret: '' });
  const [errors, setErrors] = useState<Partial<Record<Field | 'name', string>>>({});
  const apiErrors = start.error instanceof ApiError ? Object.fromEntries(start.error.fieldErrors.map((e) => [e.field, e.message])) : {};
  const close = () => {
    start.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!name.trim()) next.name = 'Give the connection a name';
    if (!values.dataCentre) next.dataCentre = 'Choose the data centre';
    if (!values.clientId.trim()) next.clientId = 'Paste the client ID';
    if (!values.clientSecret.trim()) next.clientSecret = 'Paste the client secret';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    start.mutate(
      { name: name.trim(), dataCentre: values.dataCentre as StartZohoAuthorizationInput['dataCentre'], clientId: values.clientId.trim(), clientSecret: values.clientSecret.trim() },
      { onSuccess: (url) => goToZoho(url) },
    );
  };

  const set = (field: Field, value: string) => setValues((current) => ({ ...current, [field]: value }));
  const busy = start.isPending || start.isSuccess;

  return (
    <Modal opened={opened} onClose={close} title="Connect with Zoho" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            In the Zoho API Console of your data centre, add a <strong>Server-based Application</strong> with the redirect URI below, then enter its client here. Zoho asks you to
            sign in and accept; you come back to the new connection.
          </Text>
          {info.redirectUri && <CopyField label="Redirect URI" value={info.redirectUri} copyLabel="Copy the redirect URI" description="Authorized redirect URI of the Zoho client." />}
          {start.error && !(start.error instanceof ApiError && start.error.fieldErrors.length > 0) && (
            <Alert color="red" title="Zoho’s sign-in could not be started">
              {start.error.message}
            </Alert>
          )}
          <TextInput label="Name" description="To tell connections apart." required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name ?? apiErrors.name} disabled={busy} />
          <Select
            label="Data centre"
            description="Where your Zoho account lives: the domain you sign in at."
            required
            data={ZOHO_DATA_CENTRES.map((o) => ({ value: o.value, label: o.label }))}
            value={values.dataCentre || null}
            onChange={(value) => set('dataCentre', value ?? '')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            error={errors.dataCentre ?? apiErrors.dataCentre}
            disabled={busy}
          />
          <TextInput label="Client ID" required autoComplete="off" spellCheck={false} value={values.clientId} onChange={(e) => set('clientId', e.currentTarget.value)} error={errors.clientId ?? apiErrors.clientId} disabled={busy} />
          <PasswordInput
            label="Client secret"
            description="Stored encrypted; never shown again."
            required
            autoComplete="off"
            value={values.clientSecret}
            onChange={(e) => set('clientSecret', e.currentTarget.value)}
            error={errors.clientSecret ?? apiErrors.clientSecret}
            disabled={busy}
          />
          <Text size="sm" c="dimmed">
            Scopes asked for: {info.scopes.join(', ')}.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} rightSection={<IconExternalLink size={16} aria-hidden />}>
              Continue to Zoho
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
