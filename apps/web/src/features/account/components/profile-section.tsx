import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';
import { useSignedIn } from '@/lib/authorization';
import { notify } from '@/lib/notify';
import { useUpdateProfile } from '../api/update-profile';
import { AccountSection } from './account-section';

const NAME_MAX_LENGTH = 200;

// Name, email and role. Everyone may rename themselves; email and role are changed by a user manager.
export function ProfileSection() {
  const { user } = useSignedIn();
  const [name, setName] = useState(user.name);
  const [error, setError] = useState<string>();
  const rename = useUpdateProfile();
  const trimmed = name.trim();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!trimmed) return setError('Enter your name');
    if (trimmed.length > NAME_MAX_LENGTH) return setError(`At most ${NAME_MAX_LENGTH} characters`);
    setError(undefined);
    rename.mutate(
      { name: trimmed },
      {
        onSuccess: () => {
          setName(trimmed);
          notify('green', 'Name saved', `You appear as ${trimmed} from now on.`);
        },
        onError: (failure) => {
          const field = failure instanceof ApiError ? failure.fieldErrors.find((e) => e.field === 'name') : undefined;
          if (field) setError(field.message);
        },
      },
    );
  };

  return (
    <AccountSection id="profile" title="Profile" description="How you appear to others in this workspace.">
      <form onSubmit={onSubmit} noValidate aria-label="Profile">
        <Stack gap="sm" maw={480}>
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
          <TextInput label="Email" value={user.email} readOnly description="You sign in with it." />
          <TextInput label="Role" value={user.roleName} readOnly />
          <Group>
            <Button type="submit" loading={rename.isPending} disabled={trimmed === user.name}>
              Save name
            </Button>
          </Group>
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
