import { Group, Text } from '@mantine/core';
import { useLiveStatus } from '@/hooks/use-live-updates';

const LABELS = {
  live: { text: 'Live', color: 'var(--mantine-color-green-7)', title: 'Changes appear as they happen' },
  connecting: { text: 'Reconnecting…', color: 'var(--mantine-color-yellow-7)', title: 'Connecting to live updates' },
  // Still up to date within 30 s, which is what matters to the reader; the title says how.
  offline: { text: 'Reconnecting…', color: 'var(--mantine-color-gray-6)', title: 'Live updates unavailable: refreshing every 30 seconds while reconnecting' },
} as const;

// Whether figures and lists update themselves right now or every 30 s.
export function LiveIndicator() {
  const label = LABELS[useLiveStatus()];
  return (
    <Group gap={6} wrap="nowrap" title={label.title} visibleFrom="xs">
      <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: label.color, display: 'inline-block' }} />
      <Text component="span" size="xs" c="dimmed">
        {label.text}
      </Text>
    </Group>
  );
}
