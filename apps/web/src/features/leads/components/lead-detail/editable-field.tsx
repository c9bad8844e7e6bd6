import { ActionIcon, Box, Button, Group, Text, Textarea, TextInput } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState, type KeyboardEvent, type ReactNode } from 'react';

interface EditableFieldProps {
  label: string;
  value: string | null;
  // Gets the trimmed text, null when emptied; called only when it differs from `value`.
  onSave: (value: string | null) => void;
  readOnly?: boolean;
  type?: 'text' | 'email' | 'tel';
  multiline?: boolean;
  maxLength?: number;
  // How the value shows when not editing (a mailto link, ...); the plain text otherwise.
  display?: ReactNode;
}

// A labelled value that turns into an input in place: Enter or leaving the field saves, Escape cancels.
// A multi-line value has Save/Cancel buttons instead (Enter makes a new line; Ctrl+Enter saves).
export function EditableField({ label, value, onSave, readOnly, type = 'text', multiline, maxLength, display }: EditableFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const editing = draft !== null;

  const commit = () => {
    if (draft === null) return;
    const next = draft.trim() === '' ? null : multiline ? draft : draft.trim();
    setDraft(null);
    if (next !== value) onSave(next);
  };
  const cancel = () => setDraft(null);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      // The panel closes on Escape; here it only ends the edit.
      event.stopPropagation();
      event.preventDefault();
      cancel();
    } else if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      commit();
    }
  };

  if (editing) {
    return multiline ? (
      <Box>
        <Textarea
          label={label}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          autosize
          minRows={3}
          maxRows={12}
          maxLength={maxLength}
          autoFocus
        />
        <Group gap="xs" mt="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={cancel}>
            Cancel
          </Button>
          <Button size="xs" onClick={commit}>
            Save {label.toLowerCase()}
          </Button>
        </Group>
      </Box>
    ) : (
      <TextInput
        label={label}
        type={type}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
        maxLength={maxLength}
        autoFocus
      />
    );
  }

  return (
    <Box>
      <Group gap={4} wrap="nowrap" justify="space-between" align="flex-start">
        <Text size="xs" fw={600} c="dimmed">
          {label}
        </Text>
        {!readOnly && (
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Edit ${label.toLowerCase()}`} onClick={() => setDraft(value ?? '')}>
            <IconPencil size={14} aria-hidden />
          </ActionIcon>
        )}
      </Group>
      <Box style={{ whiteSpace: multiline ? 'pre-wrap' : undefined, overflowWrap: 'anywhere' }} fz="sm">
        {value === null ? (
          <Text span size="sm" c="dimmed">
            Not set
          </Text>
        ) : (
          (display ?? value)
        )}
      </Box>
    </Box>
  );
}
