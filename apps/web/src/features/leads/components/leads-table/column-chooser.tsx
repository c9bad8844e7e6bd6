import { ActionIcon, Button, Checkbox, Popover, Stack, Text } from '@mantine/core';
import { IconColumns3 } from '@tabler/icons-react';
import { LEAD_COLUMNS, type LeadColumn, type LeadColumnId } from './lead-columns';

interface ColumnChooserProps {
  chosen: readonly LeadColumn[];
  onToggle: (id: LeadColumnId) => void;
  onReset: () => void;
}

// Which columns the table shows, remembered in this browser.
export function ColumnChooser({ chosen, onToggle, onReset }: ColumnChooserProps) {
  const shown = new Set(chosen.map((column) => column.id));
  return (
    <Popover position="bottom-end" shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <ActionIcon variant="default" size="lg" aria-label="Choose columns" title="Choose columns">
          <IconColumns3 size={18} stroke={1.5} aria-hidden />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Text fw={600} size="sm" mb="xs" id="column-chooser-title">
          Columns
        </Text>
        <Stack gap={8} role="group" aria-labelledby="column-chooser-title">
          {LEAD_COLUMNS.map((column) => (
            <Checkbox key={column.id} label={column.label} checked={shown.has(column.id)} onChange={() => onToggle(column.id)} />
          ))}
        </Stack>
        <Button variant="subtle" size="compact-sm" mt="sm" onClick={onReset}>
          Reset to default
        </Button>
      </Popover.Dropdown>
    </Popover>
  );
}
