import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { useCan, useSignedIn } from '@/lib/authorization';
import { useUpdateOwnName } from '../api/update-profile';
import { AccountSection } from './account-section';
import { notify } from '../utils/notify';

const NAME_MAX_LENGTH = 200;

// Name, email and role. Renaming goes through the user endpoint, which only user managers may call.
export function ProfileSection() {
  const { user } = useSignedIn();
  const canRename = useCan('users:manage');
  const [name, setName] = useState(user.name);
  const [error, setError] = useState<string>();
  const rename = useUpdateOwnName(user.id);
  const trimmed = name.trim();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!trimmed) return setError('Enter your name');
    if (trimmed.length > NAME_MAX_LENGTH) return setError(`At most ${NAME_MAX_LENGTH} characters`);
    setError(undefined);
    rename.mutate(trimmed, {
      onSuccess: () => notify('green', 'Name saved', `You appear as ${trimmed} from now on.`),
      onError: (failure) => {
        const field = failure instanceof ApiError ? failure.fieldErrors.find((e) => e.field === 'name') : undefined;
        if (field) setError(field.message);
      },
    });
  };

  return (
    <AccountSection id="profile" title="Profile" description="How you appear to others in this workspace.">
      <form onSubmit={onSubmit} noValidate aria-label="Profile">
        <Stack gap="sm" maw={480}>
          {canRename ? (
            <TextInput
              label="Name"
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value);
                setError(undefined);
              }}
              error={error}
              autoComplete="name"
              required
            />
          ) : (
            <TextInput label="Name" value={user.name} readOnly description="Ask an administrator to change your name." />
          )}
          <TextInput label="Email" value={user.email} readOnly description="You sign in with it." />
          <TextInput label="Role" value={user.roleName} readOnly />
          {canRename && (
            <Group>
              <Button type="submit" loading={rename.isPending} disabled={trimmed === user.name}>
                Save name
              </Button>
            </Group>
          )}
          {rename.isError && !(rename.error instanceof ApiError && rename.error.fieldErrors.length) && (
            <Alert color="red" role="alert" title="Could not save your name">
              <Text size="sm">{rename.error.message}</Text>
            </Alert>
          )}
        </Stack>
      </form>
    </AccountSection>
  );
}
