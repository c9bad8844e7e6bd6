import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ConfirmPasswordDialog } from '@/features/settings/components/confirm-password-dialog';
import { ApiError } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { useUpdateNetworkAccess, type NetworkAccess, type NetworkAccessChange } from '../api/workspace-access';

const needsPassword = (error: Error) => error instanceof ApiError && error.code === 'recent_authentication_required' && error.reason === 'stale';

const linesOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);

type Field = 'staffRanges' | 'apiKeyRanges';

// Mantine paints an invalid field's text and message in red 6, below 4.5:1 on white: the text keeps its
// colour and the message takes a darker red.
export const READABLE_ERROR_STYLES = { input: { color: 'var(--mantine-color-text)' }, error: { color: 'var(--mantine-color-red-9)' } } as const;

// Field errors arrive as `staffRanges.3`; each list shows its own.
function errorsFor(error: ApiError, field: Field): string | undefined {
  const messages = error.fieldErrors.filter((e) => e.field === field || e.field.startsWith(`${field}.`)).map((e) => e.message);
  return messages.length ? messages.join(' ') : undefined;
}

// The two allowlists: where staff may sign in and use the app from, and where API keys may be used from.
export function NetworkAccessForm({ access }: { access: NetworkAccess }) {
  const [staff, setStaff] = useState(access.staffRanges.join('\n'));
  const [apiKeys, setApiKeys] = useState(access.apiKeyRanges.join('\n'));
  const [failure, setFailure] = useState<ApiError>();
  const [awaitingPassword, setAwaitingPassword] = useState<NetworkAccessChange>();
  const update = useUpdateNetworkAccess();

  const save = (change: NetworkAccessChange) =>
    update.mutate(change, {
      onSuccess: (saved) => {
        notify('green', 'Network access saved', 'The allowlists apply from now on.');
        setStaff(saved.staffRanges.join('\n'));
        setApiKeys(saved.apiKeyRanges.join('\n'));
      },
      onError: (error) => {
        if (needsPassword(error)) setAwaitingPassword(change);
        else setFailure(error instanceof ApiError ? error : new ApiError(0, 'unknown', error.message));
      },
    });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    save({ staffRanges: linesOf(staff), apiKeyRanges: linesOf(apiKeys) });
  };

  const general = failure && failure.fieldErrors.length === 0 ? failure.detail : undefined;

  return (
    <Paper component="section" withBorder p={{ base: 'md', sm: 'lg' }} aria-label="Network allowlists">
      <ConfirmPasswordDialog
        opened={awaitingPassword !== undefined}
        onConfirmed={() => {
          const change = awaitingPassword!;
          setAwaitingPassword(undefined);
          save(change);
        }}
        onCancel={() => setAwaitingPassword(undefined)}
      />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm" role="note">
            Your current address is <strong data-testid="current-address">{access.currentAddress}</strong>.
          </Text>
          {general && (
            <Alert color="red" role="alert" title="Not saved">
              {general}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Textarea
              label="Staff sessions"
              description="Sign-in, refresh and everything staff do in the app. One range per line (203.0.113.0/24, 2001:db8::/32) or a single address. Empty means anywhere."
              autosize
              minRows={5}
              value={staff}
              onChange={(event) => setStaff(event.currentTarget.value)}
              error={failure ? errorsFor(failure, 'staffRanges') : undefined}
              spellCheck={false}
              styles={READABLE_ERROR_STYLES}
            />
            <Textarea
              label="API keys"
              description="Requests made with an API key. Public forms and inbound webhooks are never restricted. Empty means anywhere."
              autosize
              minRows={5}
              value={apiKeys}
              onChange={(event) => setApiKeys(event.currentTarget.value)}
              error={failure ? errorsFor(failure, 'apiKeyRanges') : undefined}
              spellCheck={false}
              styles={READABLE_ERROR_STYLES}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Save network access
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
