import { Alert, Badge, Box, Button, Card, Group, Modal, Skeleton, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { QueryError } from '@/components/ui/query-error';
import { connectionKey } from '../api/connections';
import { useRunFailures, useSyncRuns, type SyncRun } from '../api/sync';
import { formatTime } from '../utils/format';
import { RUN_STATUS, RUN_TRIGGER, streamLabel } from '../utils/labels';

const COUNTS = ['fetched', 'created', 'merged', 'updated', 'unchanged', 'deleted', 'failed'] as const;
const COUNT_LABELS: Record<(typeof COUNTS)[number], string> = {
  fetched: 'Fetched',
  created: 'Created',
  merged: 'Merged',
  updated: 'Updated',
  unchanged: 'Unchanged',
  deleted: 'Deleted',
  failed: 'Failed',
};

export function formatDuration(run: Pick<SyncRun, 'startedAt' | 'finishedAt'>): string {
  if (!run.finishedAt) return '…';
  const ms = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

// A checkpoint is a time (Zoho's Modified_Time) or an opaque token (Google's sync token).
export function formatCheckpoint(value: string | null): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return formatTime(value);
  return value.length > 16 ? `${value.slice(0, 12)}…` : value;
}

function RunFailuresModal({ connectionId, run, onClose }: { connectionId: string; run: SyncRun | null; onClose: () => void }) {
  const failures = useRunFailures(connectionId, run?.id ?? null);
  return (
    <Modal opened={run !== null} onClose={onClose} title="Records this run could not store" size="xl">
      {run && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {streamLabel(run.stream)} · started {formatTime(run.startedAt)}. Fix them at the provider: a changed record is read again by the next run.
          </Text>
          {failures.isPending ? (
            <Skeleton h={80} />
          ) : failures.isError ? (
            <QueryError what="the failed records" error={failures.error} retrying={failures.isFetching} onRetry={() => void failures.refetch()} />
          ) : failures.data.length === 0 ? (
            <Text size="sm">No failed records were kept for this run.</Text>
          ) : (
            <Table aria-label="Failed records" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Provider’s record id</Table.Th>
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {failures.data.map((failure, i) => (
                  <Table.Tr key={`${failure.sourceRef}-${i}`}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <code>{failure.sourceRef}</code>
                    </Table.Td>
                    <Table.Td>{failure.error}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {failures.data && failures.data.length < run.failed && (
            <Text size="xs" c="dimmed">
              The first {failures.data.length} of {run.failed.toLocaleString()} are shown.
            </Text>
          )}
        </Stack>
      )}
    </Modal>
  );
}

interface SyncRunsPanelProps {
  connectionId: string;
  // Set when a run was just queued: the list polls until it shows up.
  queuedAt: number | null;
}

// The connection's runs, newest first, 20 at a time. While one is running (or was just queued) the list
// refreshes every 2 s, and the connection (status, last error, next run) once it ends.
export function SyncRunsPanel({ connectionId, queuedAt }: SyncRunsPanelProps) {
  const queryClient = useQueryClient();
  const [openRun, setOpenRun] = useState<SyncRun | null>(null);
  // Polls while a run is going, or for up to a minute until a run queued by Sync now shows up (a few
  // seconds of slack for the server's clock).
  const runs = useSyncRuns(connectionId, (listed) => {
    if (listed.some((run) => run.status === 'running')) return true;
    const newest = listed[0] ? Date.parse(listed[0].startedAt) : 0;
    return queuedAt !== null && newest < queuedAt - 5_000 && Date.now() - queuedAt < 60_000;
  });
  const rows = runs.data?.pages.flatMap((page) => page.data) ?? [];
  const anyRunning = rows.some((run) => run.status === 'running');
  const waitingForQueued = queuedAt !== null && (rows[0] ? Date.parse(rows[0].startedAt) : 0) < queuedAt - 5_000;

  // A run that ended may have changed the connection (needs attention, next run time).
  const wasRunning = useRef(anyRunning);
  useEffect(() => {
    if (wasRunning.current && !anyRunning) void queryClient.invalidateQueries({ queryKey: connectionKey(connectionId) });
    wasRunning.current = anyRunning;
  }, [anyRunning, connectionId, queryClient]);

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="runs-title">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" id="runs-title">
            Sync runs
          </Title>
          <Text size="sm" c="dimmed">
            One row per stream and run. Unchanged records write nothing; failed ones are listed with the reason.
          </Text>
        </div>
        {runs.isPending ? (
          <Skeleton h={160} />
        ) : runs.isError ? (
          <QueryError what="the sync runs" error={runs.error} retrying={runs.isFetching} onRetry={() => void runs.refetch()} />
        ) : rows.length === 0 ? (
          <Text size="sm">{waitingForQueued ? 'The run is queued and starts within a few seconds…' : 'No runs yet. The first one starts within a minute of connecting, or press Sync now.'}</Text>
        ) : (
          // Scrolls sideways on narrow screens; focusable so the keyboard can scroll it too.
          <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Sync runs, scrollable">
            <Table aria-label="Sync runs" striped highlightOnHover miw={1100}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Stream</Table.Th>
                  <Table.Th>Trigger</Table.Th>
                  <Table.Th>Status</Table.Th>
                  {COUNTS.map((c) => (
                    <Table.Th key={c} ta="right">
                      {COUNT_LABELS[c]}
                    </Table.Th>
                  ))}
                  <Table.Th>Duration</Table.Th>
                  <Table.Th>Checkpoint</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((run) => (
                  <RunRow key={run.id} run={run} onShowFailures={() => setOpenRun(run)} />
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        )}
        {runs.hasNextPage && (
          <Group>
            <Button variant="default" loading={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
              Load older runs
            </Button>
          </Group>
        )}
      </Stack>
      <RunFailuresModal connectionId={connectionId} run={openRun} onClose={() => setOpenRun(null)} />
    </Card>
  );
}

function RunRow({ run, onShowFailures }: { run: SyncRun; onShowFailures: () => void }) {
  const status = RUN_STATUS[run.status] ?? { label: run.status, color: 'gray', hint: '' };
  return (
    <>
      <Table.Tr>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(run.startedAt)}</Table.Td>
        <Table.Td>{streamLabel(run.stream)}</Table.Td>
        <Table.Td>{RUN_TRIGGER[run.trigger] ?? run.trigger}</Table.Td>
        <Table.Td>
          <Badge color={status.color} variant="dot" tt="none" title={status.hint}>
            {status.label}
          </Badge>
        </Table.Td>
        {COUNTS.map((c) => (
          <Table.Td key={c} ta="right" data-count={c}>
            {c === 'failed' && run.failed > 0 ? (
              <UnstyledButton onClick={onShowFailures} aria-label={`Show the ${run.failed} failed records`} c="red.8" fw={600} td="underline">
                {run.failed.toLocaleString()}
              </UnstyledButton>
            ) : (
              run[c].toLocaleString()
            )}
          </Table.Td>
        ))}
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDuration(run)}</Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <span title={`${run.checkpointFrom ?? 'the beginning'} → ${run.checkpointTo ?? '—'}`}>
            {run.checkpointFrom ? formatCheckpoint(run.checkpointFrom) : 'Beginning'} → {formatCheckpoint(run.checkpointTo)}
          </span>
        </Table.Td>
      </Table.Tr>
      {run.error && (
        <Table.Tr>
          <Table.Td colSpan={6 + COUNTS.length} pt={0}>
            <Alert color={run.status === 'failed' ? 'red' : 'gray'} variant="light" p="xs">
              <Text size="sm">{run.error}</Text>
            </Alert>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
