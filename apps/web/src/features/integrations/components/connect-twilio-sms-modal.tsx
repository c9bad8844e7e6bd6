import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import { useCreateConnection } from '../api/connections';
import { TestConnection } from './test-connection';

const E164 = /^\+[1-9]\d{6,14}$/;

// Twilio (SMS): the account SID, its auth token and the number texts come from; then a test against Twilio.
export function ConnectTwilioSmsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateConnection();
  const created = create.data;
  const [name, setName] = useState('Twilio (SMS)');
  const [accountSid, setAccountSid] = useState('');
  const [authToken, setAuthToken] = useState('');
  const [fromNumber, setFromNumber] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const errors = fieldErrorMap(create.error);
  const unplaced = create.error && !errors.name && !errors.credentials && !errors.config;
  const close = () => {
    create.reset();
    setAuthToken('');
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = 'Give the connection a name';
    if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid.trim())) next.accountSid = 'The account SID is AC followed by 32 hex digits';
    if (!authToken.trim()) next.authToken = 'Paste the auth token';
    if (!E164.test(fromNumber.replace(/[\s()-]/g, ''))) next.fromNumber = 'Enter the number in international form, e.g. +14155552671';
    setMissing(next);
    if (Object.keys(next).length > 0) return;
    create.mutate(
      { provider: 'twilio', name: name.trim(), credentials: { accountSid: accountSid.trim(), authToken: authToken.trim() }, config: { fromNumber: fromNumber.replace(/[\s()-]/g, '') } },
      { onSuccess: () => notify('green', 'Twilio connected', 'Users can now verify their numbers for text messages.') },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={created ? 'Twilio is connected' : 'Connect Twilio (SMS)'} size="lg">
      {opened &&
        (created ? (
          <Stack gap="lg">
            <Text size="sm">Check that Twilio accepts the credentials. Users then add and verify their number under Profile, Notifications.</Text>
            <TestConnection connectionId={created.id} providerLabel="Twilio" />
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate aria-label="Connect Twilio (SMS)">
            <Stack gap="md">
              {unplaced && (
                <Alert color="red" title="Twilio was not connected">
                  {create.error.message}
                </Alert>
              )}
              <TextInput label="Name" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} error={missing.name ?? errors.name} disabled={create.isPending} />
              <TextInput
                label="Account SID"
                description="Starts with AC; on the Twilio Console home page."
                required
                autoComplete="off"
                value={accountSid}
                onChange={(e) => setAccountSid(e.currentTarget.value)}
                error={missing.accountSid ?? errors.credentials}
                disabled={create.isPending}
                data-autofocus
              />
              <PasswordInput
                label="Auth token"
                description="Stored encrypted; never shown again."
                required
                autoComplete="off"
                value={authToken}
                onChange={(e) => setAuthToken(e.currentTarget.value)}
                error={missing.authToken}
                disabled={create.isPending}
              />
              <TextInput
                label="From number"
                description="A Twilio number of this account that can send SMS, in international form."
                required
                autoComplete="off"
                inputMode="tel"
                value={fromNumber}
                onChange={(e) => setFromNumber(e.currentTarget.value)}
                error={missing.fromNumber ?? errors.config}
                disabled={create.isPending}
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={close} disabled={create.isPending}>
                  Cancel
                </Button>
                <Button type="submit" loading={create.isPending}>
                  Connect
                </Button>
              </Group>
            </Stack>
          </form>
        ))}
    </Modal>
  );
}
