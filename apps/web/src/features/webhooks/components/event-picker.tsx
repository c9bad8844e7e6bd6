import { Checkbox, Group, Stack, Text } from '@mantine/core';
import type { WebhookEventFilter } from '../api/webhook-endpoints';
import { EVENT_LABEL, LEAD_EVENTS } from '../utils/labels';

// "All lead events" (lead.*) covers the lead events, which are then shown ticked and locked.
export function EventPicker({ value, onChange, error }: { value: WebhookEventFilter[]; onChange: (value: WebhookEventFilter[]) => void; error?: string }) {
  const all = value.includes('lead.*');
  const toggle = (event: WebhookEventFilter, checked: boolean) => {
    const without = value.filter((e) => e !== event);
    if (event === 'lead.*' && checked) onChange(['lead.*', ...without.filter((e) => !(LEAD_EVENTS as readonly string[]).includes(e))]);
    else onChange(checked ? [...without, event] : without);
  };
  return (
    <Stack gap={6} role="group" aria-labelledby="event-picker-label">
      <Text size="sm" fw={500} id="event-picker-label">
        Events
      </Text>
      <Checkbox label={EVENT_LABEL['lead.*']} description="lead.* — every lead event, including ones added later" checked={all} onChange={(e) => toggle('lead.*', e.currentTarget.checked)} />
      <Group gap="md" pl="md">
        {LEAD_EVENTS.map((event) => (
          <Checkbox key={event} label={event} checked={all || value.includes(event)} disabled={all} onChange={(e) => toggle(event, e.currentTarget.checked)} />
        ))}
      </Group>
      <Checkbox label="sync.run_failed" description="A scheduled sync with a provider failed" checked={value.includes('sync.run_failed')} onChange={(e) => toggle('sync.run_failed', e.currentTarget.checked)} />
      {error && (
        <Text size="sm" c="red.8" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
