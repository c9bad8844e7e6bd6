import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  // What will happen, in words that let the reader decide.
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  busy?: boolean;
  // Why the action failed; the dialog stays open so the reader sees it next to what they tried.
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
}

// A yes/no question before a destructive or far-reaching action. Cancel has the focus, so Enter is harmless.
export function ConfirmDialog({ opened, title, children, confirmLabel, color = 'red.9', busy = false, error, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={busy ? () => undefined : onClose} title={title}>
      <Stack gap="md">
        {children}
        {error && (
          <Alert color="red" role="alert" title="That did not work">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy} data-autofocus>
            Cancel
          </Button>
          <Button color={color} onClick={onConfirm} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
