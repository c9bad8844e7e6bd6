import type { Permission } from '@hotleads/shared';
import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { Role } from '@/lib/api/get-roles';
import { useCreateRole } from '../api/create-role';
import { useUpdateRole } from '../api/update-role';
import { roleErrorMessage, roleFieldErrors } from '../utils/role-messages';
import { PermissionChecklist } from './permission-checklist';

interface RoleEditorModalProps {
  // The custom role to edit; undefined to create one.
  role: Role | undefined;
  opened: boolean;
  onClose: () => void;
  mayGrant: (permission: Permission) => boolean;
}

export function RoleEditorModal({ role, opened, onClose, mayGrant }: RoleEditorModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={role ? `Edit the role ${role.name}` : 'New role'} size="lg">
      {/* Mounted only while open: the form starts from the role as it is now. */}
      {opened && <RoleEditorForm role={role} onClose={onClose} mayGrant={mayGrant} />}
    </Modal>
  );
}

function RoleEditorForm({ role, onClose, mayGrant }: Omit<RoleEditorModalProps, 'opened'>) {
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [permissions, setPermissions] = useState<Permission[]>(role?.permissions ?? []);
  const create = useCreateRole();
  const update = useUpdateRole();
  const mutation = role ? update : create;
  const fieldErrors = roleFieldErrors(mutation.error);
  const otherError = mutation.error && Object.keys(fieldErrors).length === 0 ? roleErrorMessage(mutation.error) : undefined;
  // What the role holds already may stay even when the editor could not grant it.
  const mayKeep = (permission: Permission) => mayGrant(permission) || Boolean(role?.permissions.includes(permission));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), description: description.trim(), permissions };
    const done = (saved: Role) => {
      notifications.show({
        color: 'green',
        title: role ? 'Role saved' : 'Role created',
        message: role ? `${saved.name} now has ${saved.permissions.length} permission(s).` : `${saved.name} can now be given to users.`,
      });
      onClose();
    };
    if (role) update.mutate({ id: role.id, change: body }, { onSuccess: done });
    else create.mutate(body, { onSuccess: done });
  };

  return (
    <form onSubmit={submit} aria-label={role ? `Edit the role ${role.name}` : 'New role'}>
      <Stack gap="md">
        {otherError && (
          <Alert color="red" role="alert" title={role ? 'The role was not saved' : 'The role was not created'}>
            {otherError}
          </Alert>
        )}
        <TextInput
          label="Name"
          required
          maxLength={100}
          data-autofocus
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldErrors.name}
        />
        <Textarea
          label="Description"
          description="Who this role is for, so the next person picks the right one."
          maxLength={500}
          rows={2}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          error={fieldErrors.description}
        />
        <Stack gap={4}>
          <Title order={3} size="sm">
            Permissions
          </Title>
          <Text size="sm" c="dimmed">
            {permissions.length} selected.
            {role && role.userCount > 0 && ` Its ${role.userCount} user(s) get the change on their next request.`}
          </Text>
          {fieldErrors.permissions && (
            <Text size="sm" c="var(--mantine-color-error)" role="alert">
              {fieldErrors.permissions}
            </Text>
          )}
          <PermissionChecklist value={permissions} onChange={setPermissions} mayGrant={mayKeep} disabled={mutation.isPending} />
        </Stack>
        {permissions.length === 0 && (
          <Text size="sm" role="note">
            A role without permissions can only sign in and see the system status.
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {role ? 'Save role' : 'Create role'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
