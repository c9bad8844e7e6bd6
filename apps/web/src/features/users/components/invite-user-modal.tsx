import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Role } from '@/lib/api/get-roles';
import { useInviteUser, type Invitation } from '../api/invite-user';
import { mayGrantRole, type Grantor } from '@hotleads/shared';
import { roleOptions } from '../utils/role-options';
import { inviteFieldErrors, userErrorMessage } from '../utils/user-messages';
import { InvitationLink } from './invitation-link';

interface InviteUserModalProps {
  opened: boolean;
  onClose: () => void;
  roles: readonly Role[];
  grantor: Grantor;
}

export function InviteUserModal({ opened, onClose, roles, grantor }: InviteUserModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Invite a user">
      {/* Mounted only while open: each invitation starts from an empty form. */}
      {opened && <InviteUserBody onClose={onClose} roles={roles} grantor={grantor} />}
    </Modal>
  );
}

// Agent is the usual start: works leads, manages nobody.
function defaultRoleId(roles: readonly Role[], grantor: Grantor): string | null {
  const grantable = roles.filter((role) => mayGrantRole(grantor, role));
  return (grantable.find((role) => role.key === 'agent') ?? grantable.find((role) => role.key !== 'owner'))?.id ?? null;
}

function InviteUserBody({ onClose, roles, grantor }: Omit<InviteUserModalProps, 'opened'>) {
  const invite = useInviteUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState<string | null>(() => defaultRoleId(roles, grantor));
  const [invitation, setInvitation] = useState<Invitation>();
  const fieldErrors = inviteFieldErrors(invite.error);
  const otherError = invite.error && Object.keys(fieldErrors).length === 0 ? userErrorMessage(invite.error) : undefined;

  if (invitation) {
    const again = () => {
      invite.reset();
      setEmail('');
      setName('');
      setInvitation(undefined);
    };
    return (
      <Stack gap="md">
        <InvitationLink invitation={invitation} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={again}>
            Invite someone else
          </Button>
          <Button onClick={onClose} data-autofocus>
            Done
          </Button>
        </Group>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!roleId) return;
    invite.mutate({ email: email.trim(), name: name.trim() || undefined, roleId }, { onSuccess: setInvitation });
  };

  return (
    <form onSubmit={submit} aria-label="Invite a user">
      <Stack gap="md">
        {otherError && (
          <Alert color="red" role="alert" title="The invitation was not created">
            {otherError}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          required
          data-autofocus
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldErrors.email}
          autoComplete="off"
        />
        <TextInput
          label="Name"
          description="Optional: they can change it when they accept."
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldErrors.name}
          autoComplete="off"
        />
        <Select
          label="Role"
          required
          data={roleOptions(roles, grantor)}
          value={roleId}
          onChange={setRoleId}
          allowDeselect={false}
          error={fieldErrors.roleId}
          description={grantor.isOwner ? undefined : 'Roles with permissions you do not hold yourself can only be given by an owner.'}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={invite.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={invite.isPending} disabled={!roleId}>
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
