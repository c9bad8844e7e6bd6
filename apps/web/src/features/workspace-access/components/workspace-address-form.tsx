import { slugProblem } from '@hotleads/shared';
import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ConfirmPasswordDialog } from '@/features/settings/components/confirm-password-dialog';
import { ApiError } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { useUpdateWorkspaceAddress, type WorkspaceAddress } from '../api/workspace-access';
import { READABLE_ERROR_STYLES } from './network-access-form';

const needsPassword = (error: Error) => error instanceof ApiError && error.code === 'recent_authentication_required' && error.reason === 'stale';

function messageOf(error: Error): string {
  if (error instanceof ApiError && error.fieldErrors.length > 0) return error.fieldErrors[0].message;
  if (error instanceof ApiError && error.code === 'slug_taken') return 'Another workspace already uses this address. Choose another one.';
  if (error instanceof ApiError && error.code === 'owner_only') return "Only an owner can change the workspace's address.";
  return error.message;
}

// The workspace's slug, with the address it gives when workspaces live on their own host names.
export function WorkspaceAddressForm({ address }: { address: WorkspaceAddress }) {
  const [slug, setSlug] = useState(address.slug);
  const [error, setError] = useState<string>();
  const [awaitingPassword, setAwaitingPassword] = useState(false);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const update = useUpdateWorkspaceAddress();

  const candidate = slug.trim().toLowerCase();
  const preview = address.baseDomain ? address.url?.replace(`//${address.slug}.`, `//${candidate || '…'}.`) : null;

  const save = () =>
    update.mutate(candidate, {
      onSuccess: (saved) => {
        notify('green', 'Workspace address saved', `The workspace's address is now ${saved.slug}.`);
        setSlug(saved.slug);
        if (saved.slug !== address.slug && saved.url) setMovedTo(saved.url);
      },
      onError: (failure) => (needsPassword(failure) ? setAwaitingPassword(true) : setError(messageOf(failure))),
    });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = slugProblem(candidate);
    setError(problem ?? undefined);
    if (!problem) save();
  };

  return (
    <Paper component="section" withBorder p={{ base: 'md', sm: 'lg' }} aria-label="Workspace address">
      <ConfirmPasswordDialog
        opened={awaitingPassword}
        onConfirmed={() => {
          setAwaitingPassword(false);
          save();
        }}
        onCancel={() => setAwaitingPassword(false)}
      />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {movedTo && (
            <Alert color="blue" role="status" title="The workspace has moved">
              Everyone now signs in at{' '}
              <Anchor href={`${movedTo}/sign-in`} inherit>
                {movedTo}
              </Anchor>
              . This address stops working; sign in again there.
            </Alert>
          )}
          <TextInput
            label="Address"
            description="3 to 40 lower-case letters, digits and hyphens."
            value={slug}
            onChange={(event) => {
              setSlug(event.currentTarget.value);
              setError(undefined);
            }}
            error={error}
            autoComplete="off"
            spellCheck={false}
            maxLength={60}
            styles={READABLE_ERROR_STYLES}
          />
          {preview ? (
            <Text size="sm">
              Your workspace&apos;s URL: <strong>{preview}</strong>
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              Workspaces share one address on this server (BASE_DOMAIN is not set); the slug is used once it is.
            </Text>
          )}
          <Text size="sm" c="dimmed">
            Only an owner can change the address. Every link, bookmark and session moves with it.
          </Text>
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={candidate === address.slug}>
              Save address
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
