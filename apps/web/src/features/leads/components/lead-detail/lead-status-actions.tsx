import { LEAD_STATUS_TRANSITIONS, type LeadStatus } from '@hotleads/shared';
import { Button, ColorSwatch, Group, Text } from '@mantine/core';
import { STATUS_LABELS } from '@/utils/lead-labels';
import { STATUS_ACTIONS, STATUS_COLORS } from './lead-labels';

interface LeadStatusActionsProps {
  status: LeadStatus;
  onChange: (status: LeadStatus) => void;
}

// One button per status the lead may move to next; reopening an archived lead is "Reopen".
// Neutral buttons with the target status's colour as a swatch: tinted text on tinted fills misses AA contrast.
export function LeadStatusActions({ status, onChange }: LeadStatusActionsProps) {
  const next = LEAD_STATUS_TRANSITIONS[status];
  return (
    <Group gap="xs" role="group" aria-label="Change status">
      <Text size="sm" fw={600}>
        Move to
      </Text>
      {next.map((to) => (
        <Button
          key={to}
          size="xs"
          variant="default"
          leftSection={<ColorSwatch color={`var(--mantine-color-${STATUS_COLORS[to]}-filled)`} size={10} withShadow={false} aria-hidden />}
          onClick={() => onChange(to)}
          title={`Change the status to ${STATUS_LABELS[to]}`}
        >
          {status === 'archived' && to === 'processing' ? 'Reopen' : STATUS_ACTIONS[to]}
        </Button>
      ))}
    </Group>
  );
}
