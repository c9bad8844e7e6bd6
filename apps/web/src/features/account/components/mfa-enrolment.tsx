import { Button, Code, CopyButton, Group, Image, List, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { MfaSetup } from '../api/setup-mfa';
import { useEnableMfa } from '../api/enable-mfa';

// "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type into an app by hand.
export const groupSecret = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

interface MfaEnrolmentProps {
  setup: MfaSetup;
  onEnabled: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}

// Scan (or type) the secret into an authenticator app, then prove it works with one of its codes.
export function MfaEnrolment({ setup, onEnabled, onCancel }: MfaEnrolmentProps) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const enable = useEnableMfa();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(typed)) return setError('Enter the 6-digit code your app shows');
    setError(undefined);
    enable.mutate(typed, {
      onSuccess: onEnabled,
      onError: (failure) => setError(failure.message),
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Set up two-factor authentication">
      <Stack gap="md">
        <List type="ordered" spacing="xs" size="sm">
          <List.Item>Open an authenticator app (1Password, Google Authenticator, Microsoft Authenticator, Aegis, …).</List.Item>
          <List.Item>Scan the QR code, or enter the key below by hand.</List.Item>
          <List.Item>Type the 6-digit code the app shows.</List.Item>
        </List>
        <Group align="flex-start" gap="lg" wrap="wrap">
          <Image
            src={setup.qrCode}
            alt="QR code to scan with your authenticator app"
            w={180}
            h={180}
            radius="sm"
            bg="white"
            p={6}
            style={{ flex: '0 0 auto' }}
          />
          <Stack gap="xs" style={{ flex: '1 1 220px' }}>
            <Text size="sm" fw={500}>
              Key for manual entry
            </Text>
            <Code fz="md" p="xs" data-testid="mfa-secret" style={{ wordBreak: 'break-all' }}>
              {groupSecret(setup.secret)}
            </Code>
            <Group gap="xs">
              <CopyButton value={setup.secret}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? 'Copied' : 'Copy key'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed">
              Time-based (TOTP), 6 digits, every 30 seconds.
            </Text>
          </Stack>
        </Group>
        <TextInput
          label="Code from the app"
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setError(undefined);
          }}
          error={error}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          maw={220}
          required
          data-autofocus
        />
        <Group gap="sm">
          <Button type="submit" loading={enable.isPending}>
            Turn on two-factor authentication
          </Button>
          <Button variant="default" onClick={onCancel} disabled={enable.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
