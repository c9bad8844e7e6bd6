import '@mantine/dates/styles.css';
import type { Schemas } from '@hotleads/api-client';
import { LEAD_PRIORITIES, type LeadPriority } from '@hotleads/shared';
import { Badge, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, TagsInput, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useState, type KeyboardEvent } from 'react';
import type { LeadChanges } from '@/features/leads/api/update-lead';
import { PRIORITY_LABELS } from '@/utils/lead-labels';
import { dayFromToday, FOLLOW_UP_OFFSETS, followUpAtOfDay } from './follow-up-day';
import { formatDate } from './lead-format';

type LeadDto = Schemas['LeadDto'];

const isPriority = (value: string): value is LeadPriority => LEAD_PRIORITIES.some((p) => p === value);

const followUpPresets = () => FOLLOW_UP_OFFSETS.map(([n, label]) => ({ value: dayFromToday(n), label }));

function ReadOnlyValue({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function QualityScoreInput({ value, onSave }: { value: number | null; onSave: (value: number | null) => void }) {
  const [draft, setDraft] = useState<string | number | null>(null);
  const shown = draft ?? value ?? '';
  const commit = () => {
    if (draft === null) return;
    const next = draft === '' ? null : Math.min(100, Math.max(0, Math.round(Number(draft))));
    setDraft(null);
    if (next !== value && (next === null || Number.isFinite(next))) onSave(next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') {
      event.stopPropagation();
      setDraft(null);
    }
  };
  return (
    <NumberInput
      label="Quality score"
      description="0 to 100"
      min={0}
      max={100}
      clampBehavior="strict"
      allowDecimal={false}
      allowNegative={false}
      value={shown}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={onKeyDown}
      placeholder="Not scored"
    />
  );
}

interface LeadTriageFieldsProps {
  lead: LeadDto;
  editable: boolean;
  onSave: (changes: LeadChanges) => void;
}

// Priority, quality score, tags and follow-up: what staff set while triaging.
export function LeadTriageFields({ lead, editable, onSave }: LeadTriageFieldsProps) {
  const followUpDay = lead.followUpAt ? dayjs(lead.followUpAt).format('YYYY-MM-DD') : null;
  // When the panel opened is "now" enough for telling a past follow-up from a coming one.
  const [openedAt] = useState(() => Date.now());
  const followUpPast = lead.followUpAt !== null && new Date(lead.followUpAt).getTime() < openedAt;

  if (!editable) {
    return (
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <ReadOnlyValue label="Priority">{PRIORITY_LABELS[lead.priority]}</ReadOnlyValue>
        <ReadOnlyValue label="Quality score">{lead.qualityScore === null ? 'Not scored' : `${lead.qualityScore} / 100`}</ReadOnlyValue>
        <ReadOnlyValue label="Tags">
          {lead.tags.length === 0 ? (
            'No tags'
          ) : (
            <Group gap={4}>
              {lead.tags.map((tag) => (
                <Badge key={tag} variant="default" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          )}
        </ReadOnlyValue>
        <ReadOnlyValue label="Follow-up">{lead.followUpAt ? formatDate(lead.followUpAt) : 'None'}</ReadOnlyValue>
      </SimpleGrid>
    );
  }

  return (
    <Stack gap="sm">
      <div>
        <Text size="sm" fw={500} id="lead-priority-label" mb={4}>
          Priority
        </Text>
        <SegmentedControl
          aria-labelledby="lead-priority-label"
          fullWidth
          size="xs"
          value={lead.priority}
          onChange={(value) => isPriority(value) && value !== lead.priority && onSave({ priority: value })}
          data={LEAD_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
        />
      </div>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <QualityScoreInput key={lead.qualityScore ?? 'none'} value={lead.qualityScore} onSave={(qualityScore) => onSave({ qualityScore })} />
        <DatePickerInput
          label="Follow-up"
          description={followUpPast ? 'Was due' : 'Day to get back to the lead'}
          placeholder="No follow-up"
          value={followUpDay}
          onChange={(day) => onSave({ followUpAt: day ? followUpAtOfDay(day) : null })}
          presets={followUpPresets()}
          clearable
          clearButtonProps={{ 'aria-label': 'Clear follow-up' }}
          valueFormat="ddd D MMM YYYY"
          // Mantine's placeholder grey is below 4.5:1; the theme's dimmed text passes.
          styles={{ placeholder: { color: 'var(--mantine-color-dimmed)' } }}
        />
      </SimpleGrid>
      <TagsInput
        label="Tags"
        placeholder="Add a tag and press Enter"
        value={lead.tags}
        onChange={(tags) => onSave({ tags })}
        clearable
        maxTags={20}
        maxLength={50}
        splitChars={[',']}
      />
    </Stack>
  );
}
