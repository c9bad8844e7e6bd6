import { Group, Progress, Stack, Text } from '@mantine/core';
import type { ScoringSettings } from '../api/scoring';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

// The background rescoring after a change of the rules: queued, running with its progress, or when it ended.
export function RescoreProgress({ rescore }: { rescore: ScoringSettings['rescore'] }) {
  if (rescore.status === 'queued') {
    return (
      <Text size="sm" role="status">
        Every lead will be scored again with the new rules in a moment.
      </Text>
    );
  }
  if (rescore.status === 'running') {
    const percent = rescore.total > 0 ? Math.round((rescore.done / rescore.total) * 100) : 0;
    return (
      <Stack gap={4} role="status">
        <Group justify="space-between">
          <Text size="sm">Scoring every lead again…</Text>
          <Text size="sm" c="dimmed">
            {rescore.done.toLocaleString('en-US')} of {rescore.total.toLocaleString('en-US')}
          </Text>
        </Group>
        <Progress value={percent} aria-label="Rescoring progress" animated />
      </Stack>
    );
  }
  if (rescore.status === 'failed') {
    return (
      <Text size="sm" c="red.8" role="status">
        The last rescoring failed ({time(rescore.finishedAt)}); it runs again after the next change.
      </Text>
    );
  }
  if (rescore.status === 'done') {
    return (
      <Text size="sm" c="dimmed" role="status">
        Every lead is scored with these rules ({rescore.done.toLocaleString('en-US')} leads, finished {time(rescore.finishedAt)}).
      </Text>
    );
  }
  return null;
}
