import { ActionIcon, Group, Switch, Table } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPencil, IconTrash } from '@tabler/icons-react';

interface RuleRowControlsProps {
  name: string;
  enabled: boolean;
  toggling: boolean;
  onToggle: (enabled: boolean) => void;
  first: boolean;
  last: boolean;
  moving: boolean;
  onMove: (delta: -1 | 1) => void;
  onEdit: () => void;
  onDelete: () => void;
}

// The last three cells of a rule's row, the same in every ordered rule list: on/off, move up or down in the
// order, edit and delete.
export function RuleRowControls({ name, enabled, toggling, onToggle, first, last, moving, onMove, onEdit, onDelete }: RuleRowControlsProps) {
  return (
    <>
      <Table.Td>
        <Switch aria-label={`${name} enabled`} checked={enabled} disabled={toggling} onChange={(e) => onToggle(e.currentTarget.checked)} />
      </Table.Td>
      <Table.Td>
        <Group gap={2} wrap="nowrap">
          <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} up`} disabled={first || moving} onClick={() => onMove(-1)}>
            <IconArrowUp size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} down`} disabled={last || moving} onClick={() => onMove(1)}>
            <IconArrowDown size={16} aria-hidden />
          </ActionIcon>
        </Group>
      </Table.Td>
      <Table.Td ta="right">
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${name}`} onClick={onEdit}>
            <IconPencil size={16} aria-hidden />
          </ActionIcon>
          <ActionIcon variant="subtle" color="red" aria-label={`Delete ${name}`} onClick={onDelete}>
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      </Table.Td>
    </>
  );
}
