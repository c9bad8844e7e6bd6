import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useFindWorkspace } from '../api/workspace-access';

// On the apex host: the workspace link goes by email; the page never says whether the address has one.
export function FindWorkspaceForm() {
  const find = useFindWorkspace();
  const [email, setEmail] = useState('');

  if (find.isSuccess) {
    return (
      <Stack gap="md">
        <Title order={1} size="h2">
          Check your email
        </Title>
        <Alert color="blue" icon={<IconMailForward aria-hidden />} role="status">
          If <strong>{find.variables.email}</strong> belongs to a workspace, an email with its address is on its way.
        </Alert>
        <Text size="sm">Nothing arrived after a few minutes? Check the spam folder, or ask a colleague for your workspace&apos;s address.</Text>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    find.mutate({ email: email.trim() });
  };

  return (
    <form onSubmit={submit} aria-label="Find your workspace">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            Find your workspace
          </Title>
          <Text mt={4}>Each workspace has its own address. Enter the email you sign in with and we will send you its link.</Text>
        </div>
        {find.error && (
          <Alert color="red" role="alert" title="The request was not sent">
            {find.error.message}
          </Alert>
        )}
        <TextInput label="Email" type="email" autoComplete="username" required autoFocus value={email} onChange={(event) => setEmail(event.currentTarget.value)} />
        <Button type="submit" loading={find.isPending} fullWidth>
          Email me the link
        </Button>
      </Stack>
    </form>
  );
}

// Shown above the sign-in form: the workspace's name on its own host; on the apex a way to find one.
export function HostWorkspaceHeading({ name, apex, findHref }: { name: string | null; apex: boolean; findHref: string }) {
  if (apex) {
    return (
      <Stack gap={4} mb="md">
        <Text fw={600}>Sign in at your workspace&apos;s address</Text>
        <Text size="sm">
          Every workspace has its own address, such as <em>your-firm</em>.{window.location.host}.{' '}
          <Anchor href={findHref}>Find your workspace</Anchor>
        </Text>
      </Stack>
    );
  }
  if (!name) return null;
  return (
    <Text size="sm" c="dimmed" mb="xs" data-testid="workspace-name">
      Workspace: <strong>{name}</strong>
    </Text>
  );
}
