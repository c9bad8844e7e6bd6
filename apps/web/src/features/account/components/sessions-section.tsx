import { Badge, Button, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconDeviceDesktop, IconDeviceMobile } from '@tabler/icons-react';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { QueryError } from '@/components/ui/query-error';
import { notify } from '@/lib/notify';
import { useSessions, type AccountSession } from '../api/get-sessions';
import { useRevokeOtherSessions } from '../api/revoke-other-sessions';
import { useRevokeSession } from '../api/revoke-session';
import { describeUserAgent } from '../utils/describe-user-agent';
import { AccountSection } from './account-section';

dayjs.extend(relativeTime);

const MOBILE = /Android|iPhone|iPad|iPod|Mobile/;

// This device first, then the most recently used.
export const sortSessions = (sessions: readonly AccountSession[]): AccountSession[] =>
  [...sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt));

function SessionRow({ session, onSignOut }: { session: AccountSession; onSignOut: (session: AccountSession) => void }) {
  const device = describeUserAgent(session.userAgent);
  const Icon = session.userAgent && MOBILE.test(session.userAgent) ? IconDeviceMobile : IconDeviceDesktop;
  return (
    <Paper
      withBorder
      p="sm"
      role="listitem"
      aria-label={session.current ? `${device} (this device)` : device}
      data-session-id={session.id}
      data-current={session.current || undefined}
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Icon size={24} stroke={1.5} aria-hidden style={{ flex: 'none', marginTop: 2 }} />
          <div style={{ minWidth: 0 }}>
            <Group gap={6} wrap="wrap">
              <Text fw={500} title={session.userAgent ?? undefined}>
                {device}
              </Text>
              {session.current && (
                <Badge color="teal" variant="dot">
                  This device
                </Badge>
              )}
              {session.mfa && (
                <Badge color="gray" variant="dot">
                  Verified with 2FA
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {session.ip ?? 'Unknown IP'} · signed in{' '}
              <time dateTime={session.createdAt} title={dayjs(session.createdAt).format('YYYY-MM-DD HH:mm')}>
                {dayjs(session.createdAt).format('D MMM YYYY, HH:mm')}
              </time>{' '}
              · active{' '}
              <time dateTime={session.lastUsedAt} title={dayjs(session.lastUsedAt).format('YYYY-MM-DD HH:mm')}>
                {dayjs(session.lastUsedAt).fromNow()}
              </time>
            </Text>
          </div>
        </Group>
        {!session.current && (
          <Button variant="default" size="xs" onClick={() => onSignOut(session)} aria-label={`Sign out ${device}, ${session.ip ?? 'unknown IP'}`}>
            Sign out
          </Button>
        )}
      </Group>
    </Paper>
  );
}

export function SessionsSection() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions();
  const [target, setTarget] = useState<AccountSession>();
  const [everywhere, setEverywhere] = useState(false);
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;

  const closeTarget = () => {
    setTarget(undefined);
    revoke.reset();
  };
  const closeEverywhere = () => {
    setEverywhere(false);
    revokeOthers.reset();
  };

  return (
    <AccountSection
      id="sessions"
      title="Where you are signed in"
      description="Sign out a device you no longer use or do not recognise. It has to sign in again with your password."
      actions={
        <Button variant="light" color="red" onClick={() => setEverywhere(true)} disabled={others === 0}>
          Sign out everywhere else
        </Button>
      }
    >
      {sessions.data ? (
        <Stack gap="xs" role="list" aria-label="Active sessions">
          {sortSessions(sessions.data).map((session) => (
            <SessionRow key={session.id} session={session} onSignOut={setTarget} />
          ))}
        </Stack>
      ) : sessions.error ? (
        <QueryError what="your sessions" error={sessions.error} onRetry={() => void sessions.refetch()} retrying={sessions.isFetching} />
      ) : (
        <Stack gap="xs" aria-busy="true" aria-label="Loading your sessions">
          <Skeleton height={64} />
          <Skeleton height={64} />
        </Stack>
      )}

      <ConfirmDialog
        opened={Boolean(target)}
        title="Sign out this session?"
        confirmLabel="Sign out"
        busy={revoke.isPending}
        error={revoke.error?.message}
        onClose={closeTarget}
        onConfirm={() =>
          target &&
          revoke.mutate(target.id, {
            onSuccess: () => {
              notify('green', 'Signed out', `${describeUserAgent(target.userAgent)} was signed out.`);
              closeTarget();
            },
          })
        }
      >
        <Text size="sm">
          {target && `${describeUserAgent(target.userAgent)} (${target.ip ?? 'unknown IP'})`} will be signed out at once and has to sign in again.
        </Text>
      </ConfirmDialog>

      <ConfirmDialog
        opened={everywhere}
        title="Sign out everywhere else?"
        confirmLabel="Sign out everywhere else"
        busy={revokeOthers.isPending}
        error={revokeOthers.error?.message}
        onClose={closeEverywhere}
        onConfirm={() =>
          revokeOthers.mutate(undefined, {
            onSuccess: (count) => {
              notify('green', 'Signed out everywhere else', `${count} ${count === 1 ? 'session was' : 'sessions were'} signed out.`);
              closeEverywhere();
            },
          })
        }
      >
        <Text size="sm">
          Every other device and browser ({others} {others === 1 ? 'session' : 'sessions'}) is signed out at once. This one stays signed in.
        </Text>
      </ConfirmDialog>
    </AccountSection>
  );
}
