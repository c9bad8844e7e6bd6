import '@mantine/dates/styles.css';
import { Autocomplete, Box, Button, Group, Paper, Select, SimpleGrid, Text, TextInput, useMantineTheme } from '@mantine/core';
import { auditActionLabel } from '@hotleads/shared';
import { DateTimePicker } from '@mantine/dates';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { IconFilter, IconFilterOff } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useCan } from '@/lib/authorization';
import { useActorOptions } from '../api/get-actor-options';
import { ACTOR_TYPES, AUDIT_OUTCOMES, hasAuditFilters, writeAuditFilters, type AuditFilters } from '../utils/audit-filters';
import { KNOWN_AUDIT_ACTIONS, KNOWN_RESOURCE_TYPES } from '../utils/known-actions';

const TYPING_DELAY_MS = 400;
const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';
// Mantine's placeholder grey is below 4.5:1; the picker shows it as text, not as an input placeholder.
const PICKER_STYLES = { placeholder: { color: 'var(--mantine-color-dimmed)' } };

const ACTOR_TYPE_LABELS: Record<(typeof ACTOR_TYPES)[number], string> = {
  user: 'User',
  api_key: 'API key',
  system: 'System',
  anonymous: 'Anonymous',
};
const OUTCOME_LABELS: Record<(typeof AUDIT_OUTCOMES)[number], string> = {
  success: 'Success',
  failure: 'Failure',
  denied: 'Denied',
};

// A text filter applies once typing pauses; a change from outside (Clear, a link) replaces what is typed.
function useTypedFilter(value: string, apply: (value: string) => void): [string, (value: string) => void] {
  const [draft, setDraft] = useState(value);
  const applied = useRef(value);
  const debounced = useDebouncedCallback((next: string) => {
    applied.current = next.trim();
    apply(next);
  }, TYPING_DELAY_MS);
  useEffect(() => {
    if (value === applied.current) return;
    debounced.cancel();
    applied.current = value;
    setDraft(value);
  }, [value, debounced]);
  return [
    draft,
    (next) => {
      setDraft(next);
      debounced(next);
    },
  ];
}

const toPicker = (iso: string | undefined) => (iso ? dayjs(iso).format(PICKER_FORMAT) : null);
const fromPicker = (value: string | null) => (value ? dayjs(value).toISOString() : undefined);

interface AuditFiltersFormProps {
  filters: AuditFilters;
  // Merges into the current filters; undefined removes one.
  onChange: (patch: Partial<AuditFilters>) => void;
}

export function AuditFiltersForm({ filters, onChange }: AuditFiltersFormProps) {
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, { getInitialValueInEffect: false });
  const [phoneOpen, setPhoneOpen] = useState(false);
  const canListUsers = useCan('users:manage');
  const actors = useActorOptions(canListUsers);
  const [action, setAction] = useTypedFilter(filters.action ?? '', (value) => onChange({ action: value || undefined }));
  const [resourceType, setResourceType] = useTypedFilter(filters.resourceType ?? '', (value) => onChange({ resourceType: value || undefined }));
  const [resourceId, setResourceId] = useTypedFilter(filters.resourceId ?? '', (value) => onChange({ resourceId: value || undefined }));
  const [actorId, setActorId] = useTypedFilter(filters.actorId ?? '', (value) => onChange({ actorId: value || undefined }));

  // An actor from a link (an API key, someone not in the first page of users) still shows as selected.
  const actorOptions = actors.data ?? [];
  const actorData =
    filters.actorId && !actorOptions.some((o) => o.value === filters.actorId)
      ? [...actorOptions, { value: filters.actorId, label: filters.actorId }]
      : actorOptions;

  const count = writeAuditFilters(filters).size;
  const toggle = (
    <Button
      variant="default"
      hiddenFrom="sm"
      fullWidth
      leftSection={<IconFilter size={16} aria-hidden />}
      aria-expanded={phoneOpen}
      aria-controls="audit-filter-fields"
      onClick={() => setPhoneOpen((open) => !open)}
    >
      {phoneOpen ? 'Hide filters' : count ? `Filters (${count} set)` : 'Filters'}
    </Button>
  );

  return (
    <Paper withBorder p="md" component="section" aria-label="Filters">
      {toggle}
      {/* On a phone the eight fields would push the entries below the fold: they fold away behind a button. */}
      <Box id="audit-filter-fields" display={wide || phoneOpen ? undefined : 'none'} mt={wide ? 0 : phoneOpen ? 'sm' : 0}>
        <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="sm" verticalSpacing="sm">
          <Autocomplete
            label="Action"
            placeholder="e.g. auth.* or settings.update"
            data={KNOWN_AUDIT_ACTIONS}
            value={action}
            onChange={setAction}
            onOptionSubmit={(value) => onChange({ action: value })}
            // The words first, the action itself (what the filter takes) beside them.
            renderOption={({ option }) => (
              <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
                <Text size="sm">{option.value.endsWith('*') ? `Any ${option.value.slice(0, -2).replace(/_/g, ' ')} action` : auditActionLabel(option.value)}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {option.value}
                </Text>
              </Group>
            )}
            limit={12}
            clearable
          />
          <Select
            label="Outcome"
            placeholder="Any outcome"
            data={AUDIT_OUTCOMES.map((value) => ({
              value,
              label: OUTCOME_LABELS[value],
            }))}
            value={filters.outcome ?? null}
            onChange={(value) =>
              onChange({
                outcome: (value as AuditFilters['outcome']) ?? undefined,
              })
            }
            clearable
            allowDeselect
          />
          <Select
            label="Actor type"
            placeholder="Any actor type"
            data={ACTOR_TYPES.map((value) => ({
              value,
              label: ACTOR_TYPE_LABELS[value],
            }))}
            value={filters.actorType ?? null}
            onChange={(value) =>
              onChange({
                actorType: (value as AuditFilters['actorType']) ?? undefined,
              })
            }
            clearable
          />
          {canListUsers ? (
            <Select
              label="Actor"
              placeholder={actors.isError ? 'People could not be loaded' : 'Anyone'}
              data={actorData}
              value={filters.actorId ?? null}
              onChange={(value) => onChange({ actorId: value ?? undefined })}
              searchable
              clearable
              nothingFoundMessage="Nobody matches"
            />
          ) : (
            <TextInput
              label="Actor ID"
              placeholder="A user's or API key's id"
              value={actorId}
              onChange={(event) => setActorId(event.currentTarget.value)}
            />
          )}
          <Autocomplete
            label="Resource type"
            placeholder="e.g. lead, user, session"
            data={KNOWN_RESOURCE_TYPES}
            value={resourceType}
            onChange={setResourceType}
            onOptionSubmit={(value) => onChange({ resourceType: value })}
            clearable
          />
          <TextInput
            label="Resource ID"
            placeholder="The resource's id"
            value={resourceId}
            onChange={(event) => setResourceId(event.currentTarget.value)}
          />
          <DateTimePicker
            label="From"
            placeholder="Any time"
            valueFormat="YYYY-MM-DD HH:mm"
            value={toPicker(filters.from)}
            onChange={(value) => onChange({ from: fromPicker(value) })}
            maxDate={filters.to ? dayjs(filters.to).toDate() : undefined}
            clearable
            styles={PICKER_STYLES}
          />
          <DateTimePicker
            label="To"
            placeholder="Now"
            valueFormat="YYYY-MM-DD HH:mm"
            value={toPicker(filters.to)}
            onChange={(value) => onChange({ to: fromPicker(value) })}
            minDate={filters.from ? dayjs(filters.from).toDate() : undefined}
            clearable
            styles={PICKER_STYLES}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button
            variant="subtle"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            disabled={!hasAuditFilters(filters)}
            onClick={() =>
              onChange({
                action: undefined,
                actorType: undefined,
                actorId: undefined,
                resourceType: undefined,
                resourceId: undefined,
                outcome: undefined,
                from: undefined,
                to: undefined,
              })
            }
          >
            Clear filters
          </Button>
        </Group>
      </Box>
    </Paper>
  );
}
