import { Button, Group, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useAddLeadNote } from '@/features/leads/api/add-lead-note';
import { useLogLeadActivity, type ActivityChannel } from '@/features/leads/api/log-lead-activity';
import { dayFromToday, FOLLOW_UP_OFFSETS, followUpAtOfDay } from './follow-up-day';
import { CHANNEL_LABELS } from './lead-labels';

// The next follow-up offered with a contact: keep it, one of the quick days, or none.
const KEEP = 'keep';
const CLEAR = 'clear';
const nextFollowUpOptions = () => [
  { value: KEEP, label: 'Keep as it is' },
  ...FOLLOW_UP_OFFSETS.map(([n, label]) => ({ value: dayFromToday(n), label })),
  { value: CLEAR, label: 'No follow-up' },
];

function nextFollowUpAt(choice: string): string | null | undefined {
  if (choice === KEEP) return undefined;
  return choice === CLEAR ? null : followUpAtOfDay(choice);
}

const CHANNELS: ActivityChannel[] = ['call', 'email', 'meeting', 'message'];
const isChannel = (value: string): value is ActivityChannel => CHANNELS.some((c) => c === value);

// A dated note on the timeline. Cleared at once: the note shows in the timeline while it is saved.
export function LeadNoteForm({ leadId }: { leadId: string }) {
  const [body, setBody] = useState('');
  const addNote = useAddLeadNote();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') return;
    addNote.mutate({ id: leadId, body: body.trim() });
    setBody('');
  };
  return (
    <form onSubmit={submit} aria-label="Add a note">
      <Stack gap="xs">
        <Textarea
          label="Note"
          placeholder="What happened, what's next…"
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
          }}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={10_000}
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" disabled={body.trim() === ''}>
            Add note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// A contact attempt (call, email, meeting, message); the first one stops the response clock.
export function LeadActivityForm({ leadId }: { leadId: string }) {
  const [channel, setChannel] = useState<ActivityChannel>('call');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [followUp, setFollowUp] = useState(KEEP);
  const logActivity = useLogLeadActivity();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = nextFollowUpAt(followUp);
    logActivity.mutate({
      id: leadId,
      activity: {
        channel,
        ...(outcome.trim() ? { outcome: outcome.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(next !== undefined ? { nextFollowUpAt: next } : {}),
      },
    });
    setOutcome('');
    setNote('');
    setFollowUp(KEEP);
  };
  return (
    <form onSubmit={submit} aria-label="Log an activity">
      <Stack gap="xs">
        <SegmentedControl
          aria-label="Channel"
          size="xs"
          value={channel}
          onChange={(value) => isChannel(value) && setChannel(value)}
          data={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
        />
        <TextInput label="Outcome" placeholder="Reached, voicemail, no answer…" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)} maxLength={200} />
        <Textarea label="Details" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} maxRows={6} maxLength={10_000} />
        <Select
          label="Next follow-up"
          data={nextFollowUpOptions()}
          value={followUp}
          onChange={(value) => setFollowUp(value ?? KEEP)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" variant="light">
            Log {CHANNEL_LABELS[channel].toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
