import type { Schemas } from '@hotleads/api-client';
import { Badge } from '@mantine/core';
import { IconClockCheck, IconClockExclamation, IconClockHour4 } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { formatDateTime, formatDuration } from './lead-format';

type LeadDto = Schemas['LeadDto'];

// Statuses in which the response clock runs (the API's slaBreached uses the same rule).
const CLOCK_STATUSES = new Set(['unread', 'processing']);

export type SlaState =
  | { kind: 'responded'; after: number | null }
  | { kind: 'due'; in: number }
  | { kind: 'overdue'; by: number }
  | { kind: 'none' };

export function slaState(lead: Pick<LeadDto, 'respondBy' | 'firstContactedAt' | 'createdAt' | 'status'>, now: number): SlaState {
  if (lead.firstContactedAt) {
    return { kind: 'responded', after: new Date(lead.firstContactedAt).getTime() - new Date(lead.createdAt).getTime() };
  }
  if (!lead.respondBy || !CLOCK_STATUSES.has(lead.status)) return { kind: 'none' };
  const left = new Date(lead.respondBy).getTime() - now;
  return left >= 0 ? { kind: 'due', in: left } : { kind: 'overdue', by: -left };
}

// Seconds matter in the last hour (and the first hour overdue); further out a minute is fine.
function tickFor(state: SlaState): number | null {
  if (state.kind === 'due') return state.in < 3_600_000 ? 1000 : 30_000;
  if (state.kind === 'overdue') return state.by < 3_600_000 ? 1000 : 30_000;
  return null;
}

export function LeadSla({ lead }: { lead: LeadDto }) {
  const [now, setNow] = useState(() => Date.now());
  const state = slaState(lead, now);
  const tick = tickFor(state);

  useEffect(() => {
    if (tick === null) return;
    const timer = setInterval(() => setNow(Date.now()), tick);
    return () => clearInterval(timer);
  }, [tick]);

  const title = lead.respondBy ? `Respond by ${formatDateTime(lead.respondBy)}` : undefined;
  switch (state.kind) {
    case 'responded':
      return (
        <Badge color="green" variant="filled" leftSection={<IconClockCheck size={14} aria-hidden />} title={title} tt="none">
          Responded{state.after !== null && state.after > 0 ? ` in ${formatDuration(state.after)}` : ''}
        </Badge>
      );
    case 'overdue':
      return (
        <Badge color="red" variant="filled" leftSection={<IconClockExclamation size={14} aria-hidden />} title={title} tt="none">
          Overdue by {formatDuration(state.by)}
        </Badge>
      );
    case 'due':
      return (
        <Badge variant="default" leftSection={<IconClockHour4 size={14} aria-hidden />} title={title} tt="none">
          Respond within {formatDuration(state.in)}
        </Badge>
      );
    default:
      return (
        <Badge variant="default" tt="none">
          No response clock
        </Badge>
      );
  }
}
