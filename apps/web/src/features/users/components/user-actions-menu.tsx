import { ActionIcon, Menu, Modal, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconMailForward, IconTrash, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useDeleteUser } from '../api/delete-user';
import type { User } from '../api/get-users';
import type { Invitation } from '../api/invite-user';
import { useReissueInvitation } from '../api/reissue-invitation';
import { useUpdateUser } from '../api/update-user';
import { PROTECTION_MESSAGES, type Protection } from '../utils/user-protection';
import { userErrorMessage } from '../utils/user-messages';
import { InvitationLink } from './invitation-link';

type Dialog = 'disable' | 'delete' | undefined;

const displayName = (user: User) => user.name || user.email;

// Re-send the invitation, disable or re-enable, delete: each with its outcome in a toast, the risky ones
// after a question. A protected user (the last owner, yourself) gets the reason instead of the actions.
export function UserActionsMenu({ user, protection }: { user: User; protection: Protection | undefined }) {
  const [dialog, setDialog] = useState<Dialog>();
  const [invitation, setInvitation] = useState<Invitation>();
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const reissue = useReissueInvitation();
  const name = displayName(user);
  const invited = user.status === 'invited';

  const setStatus = (status: 'active' | 'disabled') =>
    update.mutate(
      { id: user.id, change: { status } },
      {
        onSuccess: () => {
          setDialog(undefined);
          notifications.show({
            color: 'green',
            title: status === 'disabled' ? 'User disabled' : 'User enabled',
            message: status === 'disabled' ? `${name} is signed out everywhere and cannot sign in.` : `${name} can sign in again.`,
          });
        },
        // The disable dialog shows its own error; enabling has no dialog.
        onError: (error) => {
          if (status === 'active') notifications.show({ color: 'red', title: 'The user was not enabled', message: userErrorMessage(error) });
        },
      },
    );

  const confirmDelete = () =>
    remove.mutate(user.id, {
      onSuccess: () => {
        setDialog(undefined);
        notifications.show({
          color: 'green',
          title: invited ? 'Invitation withdrawn' : 'User deleted',
          message: invited ? `The link sent to ${user.email} no longer works.` : `${name} can no longer sign in.`,
        });
      },
    });

  const resend = () =>
    reissue.mutate(user.id, {
      onSuccess: setInvitation,
      onError: (error) => notifications.show({ color: 'red', title: 'The invitation was not re-sent', message: userErrorMessage(error) }),
    });

  const close = () => {
    update.reset();
    remove.reset();
    setDialog(undefined);
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`} loading={reissue.isPending || (update.isPending && !dialog)}>
            <IconDots size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown maw={300}>
          {protection && (
            <Text size="sm" px="sm" py={6} role="note">
              {PROTECTION_MESSAGES[protection].full}
            </Text>
          )}
          {invited && (
            <Menu.Item leftSection={<IconMailForward size={16} aria-hidden />} onClick={resend}>
              Re-send invitation
            </Menu.Item>
          )}
          {user.status === 'active' && (
            <Menu.Item leftSection={<IconUserOff size={16} aria-hidden />} disabled={Boolean(protection)} onClick={() => setDialog('disable')}>
              Disable
            </Menu.Item>
          )}
          {user.status === 'disabled' && (
            <Menu.Item leftSection={<IconUserCheck size={16} aria-hidden />} disabled={Boolean(protection)} onClick={() => setStatus('active')}>
              Enable
            </Menu.Item>
          )}
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} disabled={Boolean(protection)} onClick={() => setDialog('delete')}>
            {invited ? 'Withdraw invitation' : 'Delete'}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>

      <ConfirmDialog
        opened={dialog === 'disable'}
        title={`Disable ${name}?`}
        confirmLabel="Disable user"
        busy={update.isPending}
        error={update.error ? userErrorMessage(update.error) : undefined}
        onConfirm={() => setStatus('disabled')}
        onClose={close}
      >
        <Text size="sm">
          {name} is signed out everywhere at once and cannot sign in until you enable them again. Their leads and history stay as they are.
        </Text>
      </ConfirmDialog>

      <ConfirmDialog
        opened={dialog === 'delete'}
        title={invited ? `Withdraw the invitation of ${user.email}?` : `Delete ${name}?`}
        confirmLabel={invited ? 'Withdraw invitation' : 'Delete user'}
        busy={remove.isPending}
        error={remove.error ? userErrorMessage(remove.error) : undefined}
        onConfirm={confirmDelete}
        onClose={close}
      >
        <Text size="sm">
          {invited
            ? 'The invitation link stops working. You can invite the same address again later.'
            : `${name}'s account is removed for good: they are signed out, and leads assigned to them become unassigned. The audit log keeps what they did. To keep the account, disable it instead.`}
        </Text>
      </ConfirmDialog>

      <Modal opened={invitation !== undefined} onClose={() => setInvitation(undefined)} title="New invitation link">
        {invitation && (
          <Stack gap="md">
            <InvitationLink invitation={invitation} />
            <Group justify="flex-end">
              <Button onClick={() => setInvitation(undefined)} data-autofocus>
                Done
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
