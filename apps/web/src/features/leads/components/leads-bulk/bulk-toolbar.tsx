import { LEAD_PRIORITIES, LEAD_STATUSES } from '@hotleads/shared';
import { Button, Group, Menu, Popover, Stack, TagsInput, Text } from '@mantine/core';
import { IconChevronDown, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { PRIORITY_LABELS, STATUS_LABELS } from '@/utils/lead-labels';
import type { BulkLeadChanges } from '../../api/bulk-update-leads';
import type { Assignee } from '../../api/list-assignees';

export interface BulkChange {
  set: BulkLeadChanges;
  // "status to Contacted", for the confirmation and the summary.
  description: string;
}

interface BulkToolbarProps {
  count: number;
  allMatching: boolean;
  // Every loaded lead is checked and more match: offer to take them all.
  offerAllMatching: boolean;
  total: number;
  totalIsEstimate: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  canWrite: boolean;
  canAssignOthers: boolean;
  canDelete: boolean;
  currentUserId: string;
  assignees: readonly Assignee[] | undefined;
  busy: boolean;
  onChange: (change: BulkChange) => void;
  onDelete: () => void;
}

const n = (value: number) => value.toLocaleString('en');

function ActionMenu({ label, disabled, children }: { label: string; disabled: boolean; children: React.ReactNode }) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button variant="default" size="xs" rightSection={<IconChevronDown size={14} aria-hidden />} disabled={disabled}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}

function TagsAction({ disabled, onChange }: { disabled: boolean; onChange: (change: BulkChange) => void }) {
  const [opened, setOpened] = useState(false);
  const [tags, setTags] = useState<string[]>([]);
  const apply = (mode: 'add' | 'remove') => {
    onChange(
      mode === 'add'
        ? { set: { addTags: tags }, description: `add the tag${tags.length > 1 ? 's' : ''} ${tags.join(', ')}` }
        : { set: { removeTags: tags }, description: `remove the tag${tags.length > 1 ? 's' : ''} ${tags.join(', ')}` },
    );
    setOpened(false);
    setTags([]);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" withinPortal trapFocus width={280}>
      <Popover.Target>
        <Button variant="default" size="xs" rightSection={<IconChevronDown size={14} aria-hidden />} disabled={disabled} onClick={() => setOpened((o) => !o)}>
          Tags
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TagsInput label="Tags to add or remove" placeholder="Type and press Enter" value={tags} onChange={setTags} maxTags={20} comboboxProps={{ withinPortal: false }} />
          <Group gap="xs" grow>
            <Button size="xs" disabled={tags.length === 0} onClick={() => apply('add')}>
              Add
            </Button>
            <Button size="xs" variant="default" disabled={tags.length === 0} onClick={() => apply('remove')}>
              Remove
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

// Shown instead of the list's summary line while leads are checked: what is selected and what to do with it.
export function BulkToolbar(props: BulkToolbarProps) {
  const { count, allMatching, canWrite, canDelete, busy, onChange } = props;
  const others = props.canAssignOthers ? (props.assignees ?? []).filter((user) => user.id !== props.currentUserId) : [];
  const totalText = `${props.totalIsEstimate ? 'about ' : ''}${n(props.total)}`;

  return (
    <Group justify="space-between" gap="xs" wrap="wrap" role="region" aria-label="Bulk actions">
      <Group gap="xs" wrap="wrap">
        <Text fw={600} size="sm" aria-live="polite">
          {allMatching ? `All ${totalText} matching leads selected` : `${n(count)} selected`}
        </Text>
        {props.offerAllMatching && (
          <Button variant="subtle" size="compact-sm" onClick={props.onSelectAllMatching}>
            Select all {totalText} matching this filter
          </Button>
        )}
        <Button variant="subtle" size="compact-sm" color="gray" onClick={props.onClear}>
          Clear selection
        </Button>
      </Group>
      <Group gap="xs" wrap="wrap">
        {canWrite && (
          <>
            <ActionMenu label="Status" disabled={busy}>
              <Menu.Label>Set status</Menu.Label>
              {LEAD_STATUSES.map((status) => (
                <Menu.Item key={status} onClick={() => onChange({ set: { status }, description: `status to ${STATUS_LABELS[status]}` })}>
                  {STATUS_LABELS[status]}
                </Menu.Item>
              ))}
            </ActionMenu>
            <ActionMenu label="Priority" disabled={busy}>
              <Menu.Label>Set priority</Menu.Label>
              {LEAD_PRIORITIES.map((priority) => (
                <Menu.Item key={priority} onClick={() => onChange({ set: { priority }, description: `priority to ${PRIORITY_LABELS[priority]}` })}>
                  {PRIORITY_LABELS[priority]}
                </Menu.Item>
              ))}
            </ActionMenu>
            <ActionMenu label="Assign" disabled={busy}>
              <Menu.Item onClick={() => onChange({ set: { assigneeId: props.currentUserId }, description: 'assignee to you' })}>Assign to me</Menu.Item>
              <Menu.Item onClick={() => onChange({ set: { assigneeId: null }, description: 'no assignee' })}>Unassign</Menu.Item>
              {others.length > 0 && <Menu.Divider />}
              {others.length > 0 && <Menu.Label>Assign to</Menu.Label>}
              {others.map((user) => (
                <Menu.Item key={user.id} onClick={() => onChange({ set: { assigneeId: user.id }, description: `assignee to ${user.name || user.email}` })}>
                  {user.name || user.email}
                </Menu.Item>
              ))}
            </ActionMenu>
            <TagsAction disabled={busy} onChange={onChange} />
          </>
        )}
        {canDelete && (
          <Button variant="light" color="red" size="xs" leftSection={<IconTrash size={14} aria-hidden />} disabled={busy} onClick={props.onDelete}>
            Delete
          </Button>
        )}
      </Group>
    </Group>
  );
}
