import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';

// How long an action can be taken back from its toast.
export const UNDO_WINDOW_MS = 10_000;

interface UndoToast {
  title: string;
  message: string;
  // Runs the inverse request; the toast closes first so it cannot be pressed twice.
  onUndo: () => void;
}

// The outcome of a change with an Undo button, shown for UNDO_WINDOW_MS.
export function showUndoToast({ title, message, onUndo }: UndoToast): string {
  const id = notifications.show({
    color: 'green',
    title,
    autoClose: UNDO_WINDOW_MS,
    message: (
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Text size="sm" c="inherit" style={{ minWidth: 0 }}>
          {message}
        </Text>
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => {
            notifications.hide(id);
            onUndo();
          }}
        >
          Undo
        </Button>
      </Group>
    ),
  });
  return id;
}
