import { Alert, Button, Group, Radio, Select, Skeleton, Stack, Switch, Table, Text } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useState } from 'react';
import { AccountSection } from '@/features/account/components/account-section';
import { notify } from '@/lib/notify';
import { useNotificationPreferences, useUpdateNotificationPreferences, type NotificationPreferences } from '../api/notification-preferences';
import { useSmsNumber, type SmsNumber } from '../api/sms-number';
import { fromClock, KIND_LABEL, toClock, type NotificationKind } from '../utils/kind-labels';
import { SmsNumberField } from './sms-number-field';

// Browsers list canonical zones only (no "UTC"); the stored zone is offered whatever it is.
const zones = (() => {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  } catch {
    return ['UTC'];
  }
})();

function PreferencesForm({ preferences, sms }: { preferences: NotificationPreferences; sms: SmsNumber | undefined }) {
  const [email, setEmail] = useState<Record<string, boolean>>(() => Object.fromEntries(preferences.choices.map((c) => [c.kind, c.email])));
  const [text, setText] = useState<Record<string, boolean>>(() => Object.fromEntries(preferences.smsChoices.map((c) => [c.kind, c.sms])));
  const smsAvailable = sms?.smsAvailable === true;
  const [emailMode, setEmailMode] = useState(preferences.emailMode);
  const [quiet, setQuiet] = useState(preferences.quietStart !== null);
  const [start, setStart] = useState(toClock(preferences.quietStart ?? 22 * 60));
  const [end, setEnd] = useState(toClock(preferences.quietEnd ?? 7 * 60));
  const [timeZone, setTimeZone] = useState(preferences.timeZone);
  const update = useUpdateNotificationPreferences();
  const quietProblem = quiet && (fromClock(start) === null || fromClock(end) === null || start === end) ? 'Enter a start and an end time that differ.' : null;

  const save = () => {
    if (quietProblem) return;
    update.mutate(
      {
        choices: preferences.choices.map((c) => ({ kind: c.kind, email: email[c.kind] ?? c.email })),
        ...(smsAvailable ? { smsChoices: preferences.smsChoices.map((c) => ({ kind: c.kind, sms: text[c.kind] ?? c.sms })) } : {}),
        emailMode,
        quietStart: quiet ? fromClock(start) : null,
        quietEnd: quiet ? fromClock(end) : null,
        timeZone,
      },
      { onSuccess: () => notify('green', 'Notification preferences saved', 'They apply to the next notification.') },
    );
  };

  return (
    <Stack gap="md">
      <Table.ScrollContainer minWidth={420}>
        <Table aria-label="Which notifications reach you where">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">In the app</Table.Th>
              <Table.Th scope="col">Email</Table.Th>
              <Table.Th scope="col">Text message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preferences.choices.map((choice) => {
              const label = KIND_LABEL[choice.kind as NotificationKind];
              return (
                <Table.Tr key={choice.kind}>
                  <Table.Th scope="row" fw={400}>
                    {label}
                  </Table.Th>
                  <Table.Td>
                    <Switch checked disabled aria-label={`${label}: in the app (always on)`} />
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      checked={email[choice.kind] ?? choice.email}
                      onChange={(event) => {
                        const checked = event.currentTarget.checked;
                        setEmail((current) => ({ ...current, [choice.kind]: checked }));
                      }}
                      aria-label={`${label}: by email`}
                    />
                  </Table.Td>
                  <Table.Td>
                    {choice.kind in text ? (
                      <Switch
                        checked={smsAvailable && (text[choice.kind] ?? false)}
                        disabled={!smsAvailable}
                        onChange={(event) => {
                          const checked = event.currentTarget.checked;
                          setText((current) => ({ ...current, [choice.kind]: checked }));
                        }}
                        aria-label={`${label}: by text message`}
                        aria-describedby="sms-column-note"
                      />
                    ) : (
                      <Text size="sm" c="dimmed" aria-label={`${label}: not sent by text message`}>
                        —
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text id="sms-column-note" size="xs" c="dimmed">
        {smsAvailable
          ? 'Text messages cover hot leads and missed response targets only, and go to your verified number below.'
          : 'Text messages are off: this workspace has no Twilio (SMS) connection yet (an admin adds one under Integrations).'}
      </Text>
      {sms && <SmsNumberField number={sms} />}
      <Radio.Group label="Emails" value={emailMode} onChange={(value) => setEmailMode(value as typeof emailMode)}>
        <Group mt={6}>
          <Radio value="instant" label="One email per notification" />
          <Radio value="digest" label="An hourly digest" />
        </Group>
      </Radio.Group>
      <Switch label="Quiet hours" description="No emails or text messages in this window; they are sent when it ends. The app still shows everything." checked={quiet} onChange={(e) => setQuiet(e.currentTarget.checked)} />
      {quiet && (
        <Group align="flex-start">
          <TimeInput label="From" value={start} onChange={(e) => setStart(e.currentTarget.value)} w={120} />
          <TimeInput label="Until" value={end} onChange={(e) => setEnd(e.currentTarget.value)} w={120} error={quietProblem ?? undefined} />
          <Select label="Time zone" data={zones.includes(timeZone) ? zones : [timeZone, ...zones]} value={timeZone} onChange={(value) => setTimeZone(value ?? 'UTC')} searchable allowDeselect={false} w={240} />
        </Group>
      )}
      {update.isError && (
        <Alert color="red" role="alert" title="Could not save your notification preferences">
          <Text size="sm">{update.error.message}</Text>
        </Alert>
      )}
      <Group>
        <Button onClick={save} loading={update.isPending} disabled={quietProblem !== null}>
          Save notification preferences
        </Button>
      </Group>
    </Stack>
  );
}

// Profile, Notifications: the event x channel grid (in-app always on), the number for text messages, email
// digest and quiet hours.
export function NotificationPreferencesSection() {
  const { data, error } = useNotificationPreferences();
  const sms = useSmsNumber();
  return (
    <AccountSection id="notifications" title="Notifications" description="What you are told, and where. Choices you do not change follow your workspace's defaults.">
      {data ? (
        <PreferencesForm preferences={data} sms={sms.data} />
      ) : error ? (
        <Alert color="red" role="alert" title="Could not load your notification preferences">
          <Text size="sm">{error.message}</Text>
        </Alert>
      ) : (
        <Skeleton height={240} aria-label="Loading your notification preferences" />
      )}
    </AccountSection>
  );
}
