import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';

export interface KeyboardShortcut {
  // Keys pressed together or alternatives, e.g. ['j'] or ['1', '5'] with `range`.
  keys: readonly string[];
  description: string;
  // Shows the keys as "1 – 5" rather than "1 5".
  range?: boolean;
}

export interface KeyboardShortcutGroup {
  title: string;
  shortcuts: readonly KeyboardShortcut[];
}

interface KeyboardShortcutsDialogProps {
  opened: boolean;
  onClose: () => void;
  groups: readonly KeyboardShortcutGroup[];
  note?: string;
}

// The "?" overlay: the page's single-key shortcuts, grouped.
export function KeyboardShortcutsDialog({ opened, onClose, groups, note }: KeyboardShortcutsDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Stack gap="md">
        {groups.map((group) => (
          <Table key={group.title} verticalSpacing={6} withRowBorders={false} layout="fixed" captionSide="top">
            <Table.Caption ta="left" fw={600} c="var(--mantine-color-text)">
              {group.title}
            </Table.Caption>
            <Table.Tbody>
              {group.shortcuts.map((shortcut) => (
                <Table.Tr key={shortcut.description}>
                  <Table.Td w={110}>
                    <Group gap={4} wrap="nowrap">
                      {shortcut.keys.map((key, i) => (
                        <Group key={key} gap={4} wrap="nowrap">
                          {i > 0 && (
                            <Text span size="sm">
                              {shortcut.range ? '–' : 'or'}
                            </Text>
                          )}
                          <Kbd>{key}</Kbd>
                        </Group>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{shortcut.description}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
        {note && (
          <Text size="sm" c="dimmed">
            {note}
          </Text>
        )}
      </Stack>
    </Modal>
  );
}
