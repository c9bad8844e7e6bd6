import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconCheck, IconChevronDown, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { useCreateSavedView, useDeleteSavedView, useSavedViews, useUpdateSavedView, type SavedView } from '../../api/saved-views';
import { leadErrorMessage } from '../../api/update-lead';
import { parseLeadFilters, serialiseLeadFilters } from '../../utils/lead-filters';

interface SavedViewsMenuProps {
  // The page's canonical query string.
  search: string;
  onApply: (query: string) => void;
  compact: boolean;
}

const canonical = (query: string) => serialiseLeadFilters(parseLeadFilters(query));

function nameError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'saved_view_exists') return 'You already have a view with this name.';
  return leadErrorMessage(error);
}

function SaveViewModal({ opened, onClose, search }: { opened: boolean; onClose: () => void; search: string }) {
  const create = useCreateSavedView();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), query: search },
      {
        onSuccess: (view) => {
          notifications.show({ color: 'green', title: 'View saved', message: view.name });
          setName('');
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Save the current filters as a view">
      <form onSubmit={submit}>
        <TextInput
          label="Name"
          placeholder="e.g. My urgent unread"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={80}
          required
          data-autofocus
          error={create.isError ? nameError(create.error) : undefined}
        />
        <Text size="xs" c="dimmed" mt={6}>
          {search ? `Filters and sort: ${decodeURIComponent(search)}` : 'No filters: every lead, newest first.'}
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Save view
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

function ViewRow({ view, search }: { view: SavedView; search: string }) {
  const rename = useUpdateSavedView();
  const remove = useDeleteSavedView();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(view.name);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ id: view.id, name: name.trim() }, { onSuccess: () => setEditing(false) });
  };
  if (editing) {
    return (
      <form onSubmit={submit}>
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={`New name for ${view.name}`}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={80}
            required
            data-autofocus
            style={{ flex: 1 }}
            error={rename.isError ? nameError(rename.error) : undefined}
          />
          <Button type="submit" loading={rename.isPending} disabled={!name.trim()}>
            Rename
          </Button>
          <Button variant="default" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </Group>
      </form>
    );
  }
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm" truncate>
        {view.name}
      </Text>
      <Group gap={4} wrap="nowrap">
        {canonical(view.query) !== search && (
          <Button
            variant="subtle"
            size="compact-sm"
            loading={rename.isPending}
            onClick={() =>
              rename.mutate(
                { id: view.id, query: search },
                { onSuccess: () => notifications.show({ color: 'green', title: 'View updated', message: `${view.name} now has the current filters.` }) },
              )
            }
          >
            Use current filters
          </Button>
        )}
        <ActionIcon variant="subtle" aria-label={`Rename ${view.name}`} onClick={() => setEditing(true)}>
          <IconPencil size={16} aria-hidden />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Delete ${view.name}`}
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(view.id, {
              onSuccess: () => notifications.show({ title: 'View deleted', message: view.name }),
              onError: (error) => notifications.show({ color: 'red', title: 'The view was not deleted', message: leadErrorMessage(error) }),
            })
          }
        >
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      </Group>
    </Group>
  );
}

function ManageViewsModal({ opened, onClose, views, search }: { opened: boolean; onClose: () => void; views: readonly SavedView[]; search: string }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Saved views">
      <Stack gap="sm">
        {views.length === 0 ? <Text size="sm">No saved views yet.</Text> : views.map((view) => <ViewRow key={view.id} view={view} search={search} />)}
      </Stack>
    </Modal>
  );
}

// The user's own saved filter sets: apply one, save the current filters, rename or delete.
export function SavedViewsMenu({ search, onApply, compact }: SavedViewsMenuProps) {
  const views = useSavedViews();
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const list = views.data ?? [];
  const current = list.find((view) => canonical(view.query) === search);

  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md" width={260}>
        <Menu.Target>
          {compact ? (
            <ActionIcon variant="default" size="lg" aria-label="Saved views">
              <IconBookmark size={18} stroke={1.5} aria-hidden />
            </ActionIcon>
          ) : (
            <Button variant="default" leftSection={<IconBookmark size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />} maw={240}>
              <Text span truncate inherit>
                {current ? current.name : 'Saved views'}
              </Text>
            </Button>
          )}
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Saved views</Menu.Label>
          {views.isPending && <Menu.Item disabled>Loading…</Menu.Item>}
          {views.isError && <Menu.Item disabled>Could not load the views</Menu.Item>}
          {views.isSuccess && list.length === 0 && <Menu.Item disabled>None yet</Menu.Item>}
          {list.map((view) => (
            <Menu.Item
              key={view.id}
              onClick={() => onApply(view.query)}
              leftSection={view === current ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14 }} />}
              aria-current={view === current ? 'true' : undefined}
            >
              {view.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => setSaving(true)}>Save current filters…</Menu.Item>
          <Menu.Item onClick={() => setManaging(true)} disabled={list.length === 0}>
            Rename or delete views…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <SaveViewModal opened={saving} onClose={() => setSaving(false)} search={search} />
      <ManageViewsModal opened={managing} onClose={() => setManaging(false)} views={list} search={search} />
    </>
  );
}
