import { Alert, Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { notify } from '@/lib/notify';
import { useRemoveSmsNumber, useStartSmsVerification, useVerifySmsNumber, type SmsNumber } from '../api/sms-number';

// The number text messages go to: entered, proven with the code texted to it, removed.
export function SmsNumberField({ number }: { number: SmsNumber }) {
  const [phone, setPhone] = useState(number.phone ?? '');
  const [code, setCode] = useState('');
  const [editing, setEditing] = useState(!number.phone);
  const start = useStartSmsVerification();
  const verify = useVerifySmsNumber();
  const remove = useRemoveSmsNumber();
  const waiting = number.codeExpiresAt !== null && !number.verified;

  if (!number.smsAvailable) {
    return (
      <Text size="sm" c="dimmed">
        Text messages are not set up for this workspace: an admin can connect Twilio (SMS) under Integrations.
      </Text>
    );
  }

  const sendCode = (event: FormEvent) => {
    event.preventDefault();
    if (!phone.trim()) return;
    start.mutate(phone.trim(), {
      onSuccess: () => {
        setEditing(false);
        setCode('');
        verify.reset();
      },
    });
  };
  const checkCode = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate(code.trim(), {
      onSuccess: () => {
        setCode('');
        notify('green', 'Number verified', 'Hot leads and missed response targets can now reach you by text message.');
      },
    });
  };

  return (
    <Stack gap="xs">
      {number.invalidReason && (
        <Alert color="orange" role="alert" title="Text messages to your number stopped">
          <Text size="sm">{number.invalidReason}</Text>
        </Alert>
      )}
      {number.phone && !editing ? (
        <Group gap="sm">
          <Text size="sm">
            Text messages go to <strong>{number.phone}</strong>
          </Text>
          <Badge color={number.verified ? 'green' : 'gray'} variant="light">
            {number.verified ? 'Verified' : 'Not verified'}
          </Badge>
          <Button variant="subtle" size="compact-sm" onClick={() => setEditing(true)}>
            Change number
          </Button>
          <Button variant="subtle" color="red" size="compact-sm" loading={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: () => setPhone('') })}>
            Remove number
          </Button>
        </Group>
      ) : (
        <form onSubmit={sendCode} aria-label="Mobile number for text messages" noValidate>
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Mobile number"
              description="International form, e.g. +44 7700 900123. We text it a code to check it is yours."
              inputMode="tel"
              autoComplete="tel"
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              error={start.error?.message}
              w={320}
            />
            <Button type="submit" loading={start.isPending} disabled={!phone.trim()}>
              Text me a code
            </Button>
          </Group>
        </form>
      )}
      {waiting && !editing && (
        <form onSubmit={checkCode} aria-label="Verification code" noValidate>
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Code from the text message"
              description="6 digits; valid for 10 minutes."
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={verify.error?.message}
              w={200}
            />
            <Button type="submit" loading={verify.isPending} disabled={!/^\d{6}$/.test(code.trim())}>
              Verify
            </Button>
            <Button variant="subtle" onClick={() => start.mutate(number.phone ?? phone)} loading={start.isPending}>
              Send a new code
            </Button>
          </Group>
        </form>
      )}
      {!waiting && !editing && start.error && (
        <Alert color="red" role="alert">
          {start.error.message}
        </Alert>
      )}
    </Stack>
  );
}
