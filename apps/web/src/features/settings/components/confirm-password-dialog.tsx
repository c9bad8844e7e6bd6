import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { useReauthenticate } from '../api/reauthenticate';

interface ConfirmPasswordDialogProps {
  opened: boolean;
  onConfirmed: () => void;
  onCancel: () => void;
}

const messageOf = (error: Error) =>
  error instanceof ApiError && error.code === 'reauthentication_failed' ? 'That password is not correct. Try again.' : error.message;

// Asks for the password again before a change to how people sign in: the API wants a recent confirmation.
export function ConfirmPasswordDialog({ opened, onConfirmed, onCancel }: ConfirmPasswordDialogProps) {
  const [password, setPassword] = useState('');
  const reauthenticate = useReauthenticate();

  const finish = (then: () => void) => {
    setPassword('');
    reauthenticate.reset();
    then();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    reauthenticate.mutate({ password }, { onSuccess: () => finish(onConfirmed) });
  };

  const error = reauthenticate.error ? messageOf(reauthenticate.error) : undefined;

  return (
    <Modal opened={opened} onClose={reauthenticate.isPending ? () => undefined : () => finish(onCancel)} title="Confirm your password">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">Changes to how people sign in need your password from the last 15 minutes.</Text>
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={error}
            // Mantine's PasswordInput links the error by aria-describedby but does not mark the field invalid.
            aria-invalid={error ? true : undefined}
            required
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => finish(onCancel)} disabled={reauthenticate.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={reauthenticate.isPending} disabled={!password}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
