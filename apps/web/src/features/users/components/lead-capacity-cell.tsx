import { ActionIcon, Alert, Badge, Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { User } from '../api/get-users';
import { useUpdateUser } from '../api/update-user';
import { userErrorMessage } from '../utils/user-messages';

const displayName = (user: User) => user.name || user.email;

// Assignment: whether the user marked themselves away, and the most open leads rules may give them,
// which an admin sets here (empty: no limit).
export function LeadCapacityCell({ user }: { user: User }) {
  const [open, setOpen] = useState(false);
  const name = displayName(user);
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm">{user.leadCapacity === null ? 'No limit' : `Up to ${user.leadCapacity} open`}</Text>
      {user.away && (
        <Badge size="sm" color="orange" variant="light">
          Away
        </Badge>
      )}
      {user.status !== 'invited' && (
        <ActionIcon variant="subtle" color="gray" aria-label={`Set the lead capacity of ${name}`} onClick={() => setOpen(true)}>
          <IconPencil size={16} aria-hidden />
        </ActionIcon>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={`Lead capacity of ${name}`}>
        {open && <CapacityForm user={user} onClose={() => setOpen(false)} />}
      </Modal>
    </Group>
  );
}

function CapacityForm({ user, onClose }: { user: User; onClose: () => void }) {
  const update = useUpdateUser();
  const [value, setValue] = useState<number | string>(user.leadCapacity ?? '');
  const valid = value === '' || (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const leadCapacity = value === '' ? null : (value as number);
    update.mutate(
      { id: user.id, change: { leadCapacity } },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Capacity saved', message: leadCapacity === null ? `${displayName(user)} has no limit.` : `Rules give ${displayName(user)} at most ${leadCapacity} open leads.` });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <NumberInput
          label="Most open leads"
          description="Assignment rules pass over this user while they hold this many unread, processing, contacted or qualified leads. Leave empty for no limit."
          min={0}
          max={100_000}
          allowDecimal={false}
          allowNegative={false}
          value={value}
          onChange={setValue}
          error={valid ? undefined : 'A whole number from 0 to 100,000, or empty'}
          data-autofocus
        />
        {user.away && <Text size="sm">{displayName(user)} is marked away: rules give them no leads until they come back.</Text>}
        {update.error && (
          <Alert color="red" role="alert" title="That did not work">
            {userErrorMessage(update.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
