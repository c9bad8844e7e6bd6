import type { Schemas } from '@hotleads/api-client';
import { Badge, Box, Group, Text, ThemeIcon } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowMerge,
  IconCirclePlus,
  IconEdit,
  IconFileImport,
  IconHandGrab,
  IconMessage2,
  IconNote,
  IconPhoneCall,
  IconRefresh,
  IconTrash,
  IconUserMinus,
  type Icon,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { providerName } from '@/features/integrations/utils/providers';
import { isPendingEvent } from '@/features/leads/api/add-lead-note';
import { PRIORITY_LABELS } from '@/utils/lead-labels';
import { CHANNEL_LABELS, fieldLabel } from './lead-labels';
import { formatAgo, formatDateTime } from './lead-format';
import { fieldValueText } from './lead-values';
import { MergeUndoButton } from './merge-undo-button';
import type { NameOf } from './use-people';

type LeadEventDto = Schemas['LeadEventDto'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function actorName(event: LeadEventDto, nameOf: NameOf): string {
  switch (event.actorType) {
    case 'user':
      return nameOf(event.actorId);
    case 'api_key':
      return 'An API key';
    case 'anonymous':
      return 'A visitor';
    default:
      return 'The system';
  }
}

function submittedValue(field: string, value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (field === 'priority' && typeof value === 'string' && value in PRIORITY_LABELS) return PRIORITY_LABELS[value as keyof typeof PRIORITY_LABELS];
  return String(value);
}

// The submitted fields of a created/resubmitted event, as "label: value" lines.
const SUBMISSION_FIELDS = ['name', 'email', 'phone', 'company', 'role', 'subject', 'message', 'tags', 'priority', 'source', 'sourceRef'] as const;

function SubmissionData({ data }: { data: Record<string, unknown> }) {
  const lines = SUBMISSION_FIELDS.filter((field) => data[field] !== undefined && data[field] !== null);
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  const utm = isRecord(metadata.utm) ? metadata.utm : null;
  if (lines.length === 0 && !utm) return null;
  return (
    <Box component="dl" m={0} fz="sm" data-testid="submission-data">
      {lines.map((field) => (
        <Group key={field} gap={6} wrap="nowrap" align="flex-start">
          <Text component="dt" size="sm" fw={600} miw={70}>
            {fieldLabel(field)}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {submittedValue(field, data[field])}
          </Text>
        </Group>
      ))}
      {utm && (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <Text component="dt" size="sm" fw={600} miw={70}>
            UTM
          </Text>
          <Text component="dd" size="sm" m={0}>
            {Object.entries(utm)
              .map(([key, value]) => `${key}: ${String(value)}`)
              .join(' · ')}
          </Text>
        </Group>
      )}
    </Box>
  );
}

function Changes({ changes, nameOf }: { changes: Record<string, unknown>; nameOf: NameOf }) {
  return (
    <Box component="ul" m={0} pl="md" fz="sm">
      {Object.entries(changes).map(([field, change]) => {
        const { from, to } = isRecord(change) ? change : { from: undefined, to: change };
        const long = field === 'notes';
        return (
          <li key={field}>
            <Text span size="sm" fw={600}>
              {fieldLabel(field)}
            </Text>
            {long ? ' edited' : `: ${fieldValueText(field, from, nameOf)} → ${fieldValueText(field, to, nameOf)}`}
          </li>
        );
      })}
    </Box>
  );
}

interface Described {
  icon: Icon;
  color: string;
  title: string;
  body?: ReactNode;
}

function describe(event: LeadEventDto, nameOf: NameOf): Described {
  const who = actorName(event, nameOf);
  const data = event.data;
  switch (event.type) {
    case 'created':
      return { icon: IconCirclePlus, color: 'blue', title: event.actorType === 'anonymous' ? 'Submitted by a visitor' : `${who} created the lead` };
    case 'resubmitted':
      return { icon: IconRefresh, color: 'orange', title: 'Submitted again', body: <SubmissionData data={data} /> };
    case 'updated_from_source':
      return { icon: IconRefresh, color: 'indigo', title: `Updated from ${str(data.source) ?? 'its source'}`, body: <SubmissionData data={data} /> };
    case 'imported':
      return { icon: IconFileImport, color: 'indigo', title: `Imported by ${who}` };
    case 'updated':
      return {
        icon: IconEdit,
        color: 'gray',
        title: `${who} changed the lead${data.bulk === true ? ' (bulk edit)' : ''}`,
        body: isRecord(data.changes) ? <Changes changes={data.changes} nameOf={nameOf} /> : undefined,
      };
    case 'note':
      return {
        icon: IconNote,
        color: 'yellow',
        title: `${who} added a note`,
        body: (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {str(data.body)}
          </Text>
        ),
      };
    case 'activity': {
      const channel = str(data.channel);
      const outcome = str(data.outcome);
      const note = str(data.note);
      return {
        icon: channel === 'message' || channel === 'email' ? IconMessage2 : IconPhoneCall,
        color: 'teal',
        title: `${who} logged ${channel ? (CHANNEL_LABELS[channel] ?? channel).toLowerCase() : 'an activity'}${outcome ? `: ${outcome}` : ''}`,
        body:
          note || data.firstContact === true ? (
            <>
              {data.firstContact === true && (
                <Badge size="xs" color="teal" variant="filled" tt="none">
                  First contact
                </Badge>
              )}
              {note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {note}
                </Text>
              )}
            </>
          ) : undefined,
      };
    }
    case 'claimed':
      return { icon: IconHandGrab, color: 'grape', title: `${who} claimed the lead` };
    case 'released':
      return { icon: IconUserMinus, color: 'grape', title: `${who} released the lead` };
    case 'deleted':
      return { icon: IconTrash, color: 'red', title: `${who} moved the lead to the trash` };
    case 'restored':
      return { icon: IconArrowBackUp, color: 'green', title: `${who} restored the lead` };
    case 'merged': {
      const from = Array.isArray(data.from) ? data.from.filter(isRecord) : [];
      const names = from.map((lead) => str(lead.name) ?? str(lead.email) ?? str(lead.phone) ?? 'an unnamed lead');
      return {
        icon: IconArrowMerge,
        color: 'indigo',
        title: `Merged from ${names.join(', ') || 'another lead'}`,
        body: (
          <>
            <Text size="sm" c="dimmed">
              By {who === 'You' ? 'you' : who}
            </Text>
            {str(data.mergeId) && <MergeUndoButton mergeId={str(data.mergeId)!} mergedAt={event.createdAt} />}
          </>
        ),
      };
    }
    case 'merged_into':
      return { icon: IconArrowMerge, color: 'indigo', title: `${who} merged this lead into another one` };
    case 'merge_undone':
      return { icon: IconArrowBackUp, color: 'green', title: `${who} undid a merge` };
    default:
      // `zoho.removed`, `google_calendar.removed`, `zoom.removed`: the record went away at the provider; the lead stays.
      if (event.type.endsWith('.removed')) {
        const provider = providerName(event.type.slice(0, -'.removed'.length));
        return { icon: IconTrash, color: 'orange', title: `Removed in ${provider}`, body: str(data.message) ? <Text size="sm">{str(data.message)} · the lead is kept here.</Text> : undefined };
      }
      return { icon: IconEdit, color: 'gray', title: `${event.type.replace(/_/g, ' ')} (${who})` };
  }
}

export function LeadEventItem({ event, nameOf }: { event: LeadEventDto; nameOf: NameOf }) {
  const { icon: EventIcon, color, title, body } = describe(event, nameOf);
  const pending = isPendingEvent(event);
  return (
    <Group component="li" gap="sm" wrap="nowrap" align="flex-start" data-event-type={event.type} style={{ opacity: pending ? 0.7 : 1 }}>
      <ThemeIcon variant="light" color={color} radius="xl" size="md" aria-hidden>
        <EventIcon size={16} />
      </ThemeIcon>
      <Box miw={0} style={{ flex: 1 }}>
        <Group gap={6} justify="space-between" wrap="nowrap" align="baseline">
          <Text size="sm" fw={600}>
            {title}
          </Text>
          <Text size="xs" c="dimmed" component="time" dateTime={event.createdAt} title={formatDateTime(event.createdAt)} style={{ whiteSpace: 'nowrap' }}>
            {pending ? 'Saving…' : formatAgo(event.createdAt)}
          </Text>
        </Group>
        {body}
      </Box>
    </Group>
  );
}
