import '@mantine/dates/styles.css';
import { EMAIL_VERDICTS, LEAD_PRIORITIES, LEAD_STATUSES, LEAD_TYPES, PHONE_LINE_TYPES } from '@hotleads/shared';
import { Button, Chip, Collapse, Group, Select } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconAlarm, IconX } from '@tabler/icons-react';
import type { Ref } from 'react';
import { PRIORITY_LABELS, STATUS_LABELS, TYPE_LABELS } from '@/utils/lead-labels';
import type { Assignee } from '../../api/list-assignees';
import { countActiveFilters, FOLLOW_UP_LABELS, LEAD_SORT_LABELS, LEAD_SORTS, type FollowUpWindow, type LeadFilters } from '../../utils/lead-filters';
import { EMAIL_VERDICT_LABELS, LINE_TYPE_LABELS } from '@/features/enrichment/utils/labels';
import { ChoiceFilter, TextListFilter } from './choice-filter';
import { SearchBox } from './search-box';

const ANY_FOLLOW_UP = 'any';

const ANYONE = 'anyone';

const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

interface LeadsFilterBarProps {
  filters: LeadFilters;
  onChange: (patch: Partial<LeadFilters>) => void;
  onClear: () => void;
  searchRef: Ref<HTMLInputElement>;
  assignees: readonly Assignee[] | undefined;
  // Values seen on the loaded leads, offered while typing a tag or source.
  tagSuggestions: readonly string[];
  sourceSuggestions: readonly string[];
  // On a phone the filters fold away behind one button.
  compact: boolean;
}

const pad = (value: number) => String(value).padStart(2, '0');
const dayString = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const daysAgo = (days: number) => {
  const date = new Date();
  date.setDate(date.getDate() - days);
  return dayString(date);
};

export function LeadsFilterBar(props: LeadsFilterBarProps) {
  const { filters, onChange, onClear, searchRef, assignees, compact } = props;
  const [open, { toggle }] = useDisclosure(false);
  const active = countActiveFilters(filters);
  const activeBesidesSearch = active - (filters.q ? 1 : 0);

  const assigneeOptions = [
    { value: ANYONE, label: 'Anyone' },
    { value: 'me', label: 'Assigned to me' },
    { value: 'none', label: 'Unassigned' },
    ...(assignees ?? []).map((user) => ({ value: user.id, label: user.name || user.email })),
  ];
  // A user id from a shared link that this viewer cannot resolve still shows as a choice.
  if (filters.assignee && !assigneeOptions.some((o) => o.value === filters.assignee)) {
    assigneeOptions.push({ value: filters.assignee, label: 'A team member' });
  }

  const filterControls = (
    <>
      <ChoiceFilter label="Status" options={LEAD_STATUSES} labels={STATUS_LABELS} value={filters.status} onChange={(status) => onChange({ status })} />
      <ChoiceFilter
        label="Priority"
        options={LEAD_PRIORITIES}
        labels={PRIORITY_LABELS}
        value={filters.priority}
        onChange={(priority) => onChange({ priority })}
      />
      <ChoiceFilter label="Type" options={LEAD_TYPES} labels={TYPE_LABELS} value={filters.type} onChange={(type) => onChange({ type })} />
      <ChoiceFilter
        label="Email check"
        options={EMAIL_VERDICTS}
        labels={EMAIL_VERDICT_LABELS}
        value={filters.emailVerdict}
        onChange={(emailVerdict) => onChange({ emailVerdict })}
      />
      <ChoiceFilter
        label="Line type"
        options={PHONE_LINE_TYPES}
        labels={LINE_TYPE_LABELS}
        value={filters.phoneLineType}
        onChange={(phoneLineType) => onChange({ phoneLineType })}
      />
      <TextListFilter
        label="Source"
        description="Leads from any of these sources"
        value={filters.source}
        suggestions={props.sourceSuggestions}
        onChange={(source) => onChange({ source })}
      />
      <TextListFilter
        label="Tags"
        description="Leads carrying every one of these tags"
        value={filters.tag}
        suggestions={props.tagSuggestions}
        onChange={(tag) => onChange({ tag })}
      />
      <Select
        aria-label="Assignee"
        data={assigneeOptions}
        value={filters.assignee ?? ANYONE}
        onChange={(value) => onChange({ assignee: !value || value === ANYONE ? null : value })}
        allowDeselect={false}
        searchable={assigneeOptions.length > 8}
        w={170}
        comboboxProps={{ withinPortal: true }}
      />
      <DatePickerInput
        type="range"
        // A label rather than aria-label, which would hide the picked dates from its name; kept off screen to save room.
        label="Created between"
        placeholder="Created any time"
        valueFormat="D MMM YYYY"
        value={[filters.from, filters.to]}
        onChange={([from, to]) => {
          // A range is applied once both ends are picked (or both cleared).
          if ((from && to) || (!from && !to)) onChange({ from, to });
        }}
        allowSingleDateInRange
        clearable
        maxDate={new Date()}
        presets={[
          { value: [dayString(new Date()), dayString(new Date())], label: 'Today' },
          { value: [daysAgo(6), dayString(new Date())], label: 'Last 7 days' },
          { value: [daysAgo(29), dayString(new Date())], label: 'Last 30 days' },
        ]}
        w={230}
        popoverProps={{ withinPortal: true }}
        // Mantine's placeholder grey is below 4.5:1; this placeholder is the control's only text.
        styles={{ placeholder: { color: 'var(--mantine-color-dimmed)' }, label: VISUALLY_HIDDEN }}
      />
      <Select
        aria-label="Follow-up"
        data={[{ value: ANY_FOLLOW_UP, label: 'Any follow-up' }, ...Object.entries(FOLLOW_UP_LABELS).map(([value, label]) => ({ value, label }))]}
        value={filters.followUp ?? ANY_FOLLOW_UP}
        onChange={(value) => onChange({ followUp: !value || value === ANY_FOLLOW_UP ? null : (value as FollowUpWindow) })}
        allowDeselect={false}
        w={180}
        comboboxProps={{ withinPortal: true }}
      />
      <Chip
        checked={filters.slaBreached}
        onChange={(slaBreached) => onChange({ slaBreached })}
        color="red"
        variant="outline"
        icon={<IconAlarm size={14} aria-hidden />}
      >
        SLA breached
      </Chip>
      <Select
        aria-label="Score at least"
        placeholder="Any score"
        data={['20', '40', '60', '80'].map((value) => ({ value, label: `Score ${value}+` }))}
        value={filters.scoreMin === null ? null : String(filters.scoreMin)}
        onChange={(value) => onChange({ scoreMin: value === null ? null : Number(value) })}
        clearable
        w={140}
      />
    </>
  );

  const sortControl = (
    <Select
      aria-label="Sort"
      data={LEAD_SORTS.map((value) => ({ value, label: LEAD_SORT_LABELS[value] }))}
      value={filters.sort}
      onChange={(value) => value && onChange({ sort: value as LeadFilters['sort'] })}
      allowDeselect={false}
      w={190}
      comboboxProps={{ withinPortal: true }}
    />
  );

  return (
    <div role="search" aria-label="Lead filters">
      <Group gap="xs" wrap="wrap" align="center">
        <SearchBox ref={searchRef} value={filters.q} onSearch={(q) => onChange({ q })} />
        {compact && (
          <Button
            variant={activeBesidesSearch > 0 ? 'light' : 'default'}
            leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
            onClick={toggle}
            aria-expanded={open}
            aria-controls="lead-filters"
          >
            Filters{activeBesidesSearch > 0 ? ` (${activeBesidesSearch})` : ''}
          </Button>
        )}
        {!compact && filterControls}
        {!compact && sortControl}
        {active > 0 && (
          <Button variant="subtle" leftSection={<IconX size={14} aria-hidden />} onClick={onClear}>
            Clear filters
          </Button>
        )}
      </Group>
      {compact && (
        <Collapse expanded={open} id="lead-filters">
          <Group gap="xs" wrap="wrap" mt="xs">
            {filterControls}
            {sortControl}
          </Group>
        </Collapse>
      )}
    </div>
  );
}
