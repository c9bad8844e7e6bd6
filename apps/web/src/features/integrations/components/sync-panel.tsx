import { Alert, Button, Card, Group, Modal, NumberInput, Radio, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconRefresh, IconRotateClockwise } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { fieldErrorMap } from '@/lib/field-errors';
import { notify } from '@/lib/notify';
import { useUpdateConnection, type Connection } from '../api/connections';
import { useSetSyncPaused, useSyncNow } from '../api/sync';
import { formatTime } from '../utils/format';
import { parseDomains } from '../utils/pull-providers';
import { providerName } from '../utils/providers';
import { SyncRunsPanel } from './sync-runs-panel';

export type PushOn = 'qualified' | 'converted';
export interface PushConfig {
  enabled: boolean;
  on: PushOn;
}

// The Zoho push settings as stored in `config.push`; anything else reads as "off, on qualified".
export function readPushConfig(config: Record<string, unknown>): PushConfig {
  const push = config.push;
  if (typeof push !== 'object' || push === null) return { enabled: false, on: 'qualified' };
  const { enabled, on } = push as Record<string, unknown>;
  return { enabled: enabled === true, on: on === 'converted' ? 'converted' : 'qualified' };
}

// When the schedule runs the connection next, in words.
export function nextRunText(connection: Connection): string {
  if (connection.status === 'disabled') return 'Not scheduled: the connection is disabled.';
  if (connection.sync?.paused) return 'Paused: it runs only when you press Sync now.';
  if (!connection.sync?.nextSyncAt) return 'Within a minute.';
  return formatTime(connection.sync.nextSyncAt);
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
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

function FullResyncDialog({ connection, opened, onClose, onConfirm, pending }: { connection: Connection; opened: boolean; onClose: () => void; onConfirm: () => void; pending: boolean }) {
  const provider = providerName(connection.provider);
  return (
    <Modal opened={opened} onClose={onClose} title="Read everything again?" size="md">
      <Stack gap="md">
        <Text size="sm">
          A full resync forgets where the last run stopped and reads every record from {provider} again, from the beginning. New records become leads and
          changed ones update their leads; records that did not change write nothing, and nothing is deleted.
        </Text>
        <Text size="sm">It takes longer than a normal sync and uses more of your {provider} API allowance. The schedule goes on as before.</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button loading={pending} onClick={onConfirm}>
            Start the full resync
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ScheduleForm({ connection }: { connection: Connection }) {
  const update = useUpdateConnection(connection.id);
  const current = connection.sync?.intervalMinutes ?? 5;
  const [interval, setInterval] = useState<number | string>(current);
  const [invalid, setInvalid] = useState<string | undefined>();
  const errors = fieldErrorMap(update.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1 || interval > 1440) return setInvalid('Between 1 and 1440 minutes');
    setInvalid(undefined);
    update.mutate({ syncIntervalMinutes: interval }, { onSuccess: () => notify('green', 'Schedule saved', `It runs every ${interval} minutes, starting within a minute.`) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-end" gap="sm">
        <NumberInput
          label="Sync every (minutes)"
          min={1}
          max={1440}
          allowDecimal={false}
          w={180}
          value={interval}
          onChange={setInterval}
          error={invalid ?? errors.syncIntervalMinutes ?? (update.error && !errors.syncIntervalMinutes ? update.error.message : undefined)}
          disabled={update.isPending}
        />
        <Button type="submit" variant="default" loading={update.isPending} disabled={interval === current}>
          Save schedule
        </Button>
      </Group>
    </form>
  );
}

// Zoho: push leads to Zoho CRM when they reach a status (`config.push`); the rest of the config is kept.
function ZohoPushForm({ connection }: { connection: Connection }) {
  const update = useUpdateConnection(connection.id);
  const stored = readPushConfig(connection.config);
  const [enabled, setEnabled] = useState(stored.enabled);
  const [on, setOn] = useState<PushOn>(stored.on);
  const changed = enabled !== stored.enabled || on !== stored.on;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { config: { ...connection.config, push: { enabled, on } } },
      { onSuccess: () => notify('green', 'Push settings saved', enabled ? `Leads are pushed to Zoho when they become ${on}.` : 'Leads are no longer pushed to Zoho.') },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="push-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="push-title">
          Push to Zoho CRM
        </Title>
        <Switch label="Push leads to Zoho CRM" checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} disabled={update.isPending} />
        <Radio.Group label="When a lead becomes" value={on} onChange={(value) => setOn(value === 'converted' ? 'converted' : 'qualified')}>
          <Group gap="lg" mt={4}>
            <Radio value="qualified" label="Qualified" disabled={!enabled || update.isPending} />
            <Radio value="converted" label="Converted" disabled={!enabled || update.isPending} />
          </Group>
        </Radio.Group>
        <Text size="xs" c="dimmed">
          Pushed leads are upserted by email, then phone; a lead that came from Zoho is never sent back as a new record. Pushes show in the runs below.
        </Text>
        {update.error && (
          <Alert color="red" title="Nothing was saved">
            {update.error.message}
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="default" loading={update.isPending} disabled={!changed}>
            Save push settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// Google Calendar: which calendar, and the team's own email domains (their guests are not leads).
function CalendarForm({ connection }: { connection: Connection }) {
  const update = useUpdateConnection(connection.id);
  const storedCalendar = typeof connection.config.calendarId === 'string' ? connection.config.calendarId : 'primary';
  const storedDomains = Array.isArray(connection.config.teamDomains) ? connection.config.teamDomains.filter((d): d is string => typeof d === 'string').join(', ') : '';
  const [calendarId, setCalendarId] = useState(storedCalendar);
  const [domains, setDomains] = useState(storedDomains);
  const [invalid, setInvalid] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const teamDomains = parseDomains(domains);
    if (teamDomains === null) return setInvalid('Email domains only, e.g. acme.com, acme.co.uk');
    setInvalid(undefined);
    update.mutate({ config: { ...connection.config, calendarId: calendarId.trim() || 'primary', teamDomains } }, { onSuccess: () => notify('green', 'Calendar settings saved', 'The next run uses them.') });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="calendar-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="calendar-title">
          Calendar
        </Title>
        <TextInput label="Calendar ID" value={calendarId} onChange={(event) => setCalendarId(event.currentTarget.value)} disabled={update.isPending} />
        <TextInput
          label="Your team’s email domains"
          description="Guests with these domains are colleagues, not leads."
          value={domains}
          onChange={(event) => setDomains(event.currentTarget.value)}
          error={invalid}
          disabled={update.isPending}
        />
        {update.error && (
          <Alert color="red" title="Nothing was saved">
            {update.error.message}
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="default" loading={update.isPending} disabled={calendarId === storedCalendar && domains === storedDomains}>
            Save calendar settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// A pull connection's schedule and state, Sync now / Full resync / Pause-Resume, its provider's settings,
// and below them its runs.
export function SyncPanel({ connection }: { connection: Connection }) {
  const syncNow = useSyncNow(connection.id);
  const setPaused = useSetSyncPaused(connection.id);
  const [confirmingFull, setConfirmingFull] = useState(false);
  const [queuedAt, setQueuedAt] = useState<number | null>(null);
  const paused = connection.sync?.paused === true;
  const disabled = connection.status === 'disabled';

  const run = (full: boolean) =>
    syncNow.mutate(full, {
      onSuccess: ({ queued }) => {
        setConfirmingFull(false);
        setQueuedAt(Date.now());
        notify('green', full ? 'Full resync queued' : 'Sync queued', queued > 0 ? 'It starts within a few seconds; its counts appear below.' : 'A run was already waiting to start; it picks up the latest changes.');
      },
      onError: (error) => notify('red', 'The sync was not queued', error.message),
    });

  return (
    <>
      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="sync-title">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" gap="sm">
            <div>
              <Title order={2} size="h4" id="sync-title">
                Sync
              </Title>
              <Text size="sm" c="dimmed">
                Read from {providerName(connection.provider)} on a schedule; each run goes on from where the last one stopped.
              </Text>
            </div>
            <Group gap="xs">
              <Button leftSection={<IconRefresh size={16} aria-hidden />} loading={syncNow.isPending && !confirmingFull} disabled={disabled} onClick={() => run(false)}>
                Sync now
              </Button>
              <Button variant="default" leftSection={<IconRotateClockwise size={16} aria-hidden />} disabled={disabled} onClick={() => setConfirmingFull(true)}>
                Full resync
              </Button>
              <Button
                variant="default"
                leftSection={paused ? <IconPlayerPlay size={16} aria-hidden /> : <IconPlayerPause size={16} aria-hidden />}
                loading={setPaused.isPending}
                onClick={() =>
                  setPaused.mutate(!paused, {
                    onSuccess: (updated) =>
                      notify('green', updated.sync?.paused ? 'Schedule paused' : 'Schedule resumed', updated.sync?.paused ? 'Sync now still runs it.' : 'The next run starts within a minute.'),
                    onError: (error) => notify('red', 'That did not work', error.message),
                  })
                }
              >
                {paused ? 'Resume' : 'Pause'}
              </Button>
            </Group>
          </Group>

          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Fact label="Schedule">{paused ? `Paused (every ${connection.sync?.intervalMinutes ?? 5} minutes when running)` : `Every ${connection.sync?.intervalMinutes ?? 5} minutes`}</Fact>
            <Fact label="Next run">{nextRunText(connection)}</Fact>
            <Fact label="Last error">
              {connection.lastError ? (
                <>
                  {connection.lastError}
                  {connection.lastErrorAt && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({formatTime(connection.lastErrorAt)})
                    </Text>
                  )}
                </>
              ) : (
                'None'
              )}
            </Fact>
          </SimpleGrid>
          {disabled && <Text size="sm">Disabled connections are not synced; enable it to sync again.</Text>}
          <ScheduleForm key={connection.sync?.intervalMinutes} connection={connection} />
          {connection.provider === 'zoho' && <ZohoPushForm key={JSON.stringify(connection.config.push ?? null)} connection={connection} />}
          {connection.provider === 'google_calendar' && <CalendarForm key={JSON.stringify([connection.config.calendarId, connection.config.teamDomains])} connection={connection} />}
        </Stack>
      </Card>
      <SyncRunsPanel connectionId={connection.id} queuedAt={queuedAt} />
      <FullResyncDialog connection={connection} opened={confirmingFull} onClose={() => setConfirmingFull(false)} onConfirm={() => run(true)} pending={syncNow.isPending} />
    </>
  );
}
