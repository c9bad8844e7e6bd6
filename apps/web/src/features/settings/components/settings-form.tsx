import { LEAD_PRIORITIES, type LeadPriority } from '@hotleads/shared';
import { Alert, Anchor, Button, Group, List, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { getCountries } from 'libphonenumber-js/min';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { ApiError } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { useSignedIn } from '@/lib/authorization';
import { reloadSession } from '@/lib/session';
import { PRIORITY_LABELS } from '@/utils/lead-labels';
import type { Settings } from '../api/get-settings';
import { useUpdateSettings, type SettingsChange } from '../api/update-settings';
import { humanizeMinutes } from '../utils/minutes';
import { ConfirmPasswordDialog } from './confirm-password-dialog';

// Every country with a telephone numbering plan, by its English name.
function countryOptions(): Array<{ value: string; label: string }> {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  return getCountries()
    .map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
import {
  changedSettings,
  NAME_MAX_LENGTH,
  SLA_MAX_MINUTES,
  toFormValues,
  TRASH_MAX_DAYS,
  validateSettings,
  type SettingsFieldErrors,
  type SettingsFormValues,
} from '../utils/settings-form-values';

// Most pressing first.
const PRIORITIES_SHOWN = [...LEAD_PRIORITIES].reverse();

function Section({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  const id = `settings-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Paper component="section" withBorder p={{ base: 'md', sm: 'lg' }} aria-labelledby={id}>
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {description}
          </Text>
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

// The API wants the password again (the sign-in is older than 15 minutes); an API key cannot be helped here.
const needsPassword = (error: Error) => error instanceof ApiError && error.code === 'recent_authentication_required' && error.reason === 'stale';

function fieldErrorsOf(error: ApiError): SettingsFieldErrors {
  return Object.fromEntries(error.fieldErrors.map(({ field, message }) => [field, message]));
}

// The form for the workspace's settings, starting from `settings` as saved.
export function SettingsForm({ settings }: { settings: Settings }) {
  const { user } = useSignedIn();
  const [values, setValues] = useState<SettingsFormValues>(() => toFormValues(settings));
  const [errors, setErrors] = useState<SettingsFieldErrors>({});
  const [failure, setFailure] = useState<string>();
  // The change that waits for the password to be confirmed, then is sent again as it was.
  const [awaitingPassword, setAwaitingPassword] = useState<SettingsChange>();
  const update = useUpdateSettings();

  const change = changedSettings(settings, values);
  const dirty = Object.keys(change).length > 0;

  const set = <K extends keyof SettingsFormValues>(key: K, value: SettingsFormValues[K], errorKey: string = key) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [errorKey]: undefined }));
  };
  const setSla = (priority: LeadPriority, value: number | string) =>
    set('slaMinutes', { ...values.slaMinutes, [priority]: value }, `slaMinutes.${priority}`);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    const found = validateSettings(values);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    save(change);
  };

  const save = (sent: SettingsChange) => {
    update.mutate(sent, {
      onSuccess: async (saved) => {
        setValues(toFormValues(saved));
        notify('green', 'Settings saved', 'The new settings apply from now on.');
        // The header shows the workspace name from the session.
        // The session's workspace carries both: the header's name and how phones are shown.
        if (sent.name !== undefined || sent.phoneCountry !== undefined) await reloadSession().catch(() => undefined);
      },
      onError: (error) => {
        if (needsPassword(error)) {
          setAwaitingPassword(sent);
          return;
        }
        if (error instanceof ApiError && error.fieldErrors.length) setErrors(fieldErrorsOf(error));
        setFailure(error.message);
        notify('red', 'Settings not saved', error.message);
      },
    });
  };

  const onPasswordConfirmed = () => {
    const sent = awaitingPassword;
    setAwaitingPassword(undefined);
    if (sent) save(sent);
  };

  const onPasswordCancelled = () => {
    setAwaitingPassword(undefined);
    setFailure('Nothing was saved: changes to how people sign in need your password. Save again to confirm it.');
  };

  const numberSuffix = (value: number | string) => (typeof value === 'number' ? humanizeMinutes(value) : '');

  return (
    <>
      {/* Outside the form: React events bubble through portals, so its submit would submit the settings too. */}
      <ConfirmPasswordDialog opened={awaitingPassword !== undefined} onConfirmed={onPasswordConfirmed} onCancel={onPasswordCancelled} />
      <form onSubmit={onSubmit} noValidate aria-label="Workspace settings">
        <Stack gap="lg">
          {failure && (
            <Alert color="red" role="alert" title="Could not save the settings">
              {failure}
            </Alert>
          )}
          <Section title="Workspace" description="The name everyone in this workspace sees in the header.">
            <TextInput
              label="Workspace name"
              value={values.name}
              onChange={(event) => set('name', event.currentTarget.value)}
              error={errors.name}
              maxLength={NAME_MAX_LENGTH + 20}
              required
              maw={480}
            />
          </Section>

          <Section title="Security" description="How people sign in to this workspace.">
            <Switch
              label="Require two-factor authentication for everyone"
              description="Everyone confirms each sign-in with a code from an authenticator app."
              checked={values.requireMfa}
              onChange={(event) => set('requireMfa', event.currentTarget.checked)}
            />
            <List size="sm" spacing={4} maw={680}>
              <List.Item>People who have not set it up yet must do so at their next sign-in, before they can use the app.</List.Item>
              <List.Item>Sessions that are already open are not interrupted.</List.Item>
              <List.Item>While it is on, nobody can turn two-factor authentication off for themselves.</List.Item>
            </List>
            {values.requireMfa && !settings.requireMfa && !user.mfaEnabled && (
              <Alert color="flame" title="You have not set up two-factor authentication yet">
                You will be asked to at your next sign-in. You can also{' '}
                <Anchor component={Link} to={paths.account.getHref()} inherit>
                  set it up now in Profile and security
                </Anchor>
                .
              </Alert>
            )}
          </Section>

          <Section
            title="Response targets"
            description="Minutes to the first response for each priority. A new lead is due this long after it arrives; leads already in the list keep their due time."
          >
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
              {PRIORITIES_SHOWN.map((priority) => {
                const hint = numberSuffix(values.slaMinutes[priority]);
                return (
                  <NumberInput
                    key={priority}
                    label={PRIORITY_LABELS[priority]}
                    description={hint ? `= ${hint}` : 'minutes'}
                    suffix=" min"
                    value={values.slaMinutes[priority]}
                    onChange={(value) => setSla(priority, value)}
                    error={errors[`slaMinutes.${priority}`]}
                    min={1}
                    max={SLA_MAX_MINUTES}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="none"
                    required
                    inputWrapperOrder={['label', 'input', 'description', 'error']}
                  />
                );
              })}
            </SimpleGrid>
          </Section>

          <Section title="Phones" description="Phone numbers of this country are shown as its people write them (030 3644053); others in international form (+49 30 3644053).">
            <Select
              label="Workspace country"
              placeholder="None: always international"
              data={countryOptions()}
              value={values.phoneCountry || null}
              onChange={(value) => set('phoneCountry', value ?? '')}
              error={errors.phoneCountry}
              searchable
              clearable
              maw={320}
            />
          </Section>

          <Section title="Trash" description="Deleted leads can be restored from the trash until they are purged for good.">
            <NumberInput
              label="Keep deleted leads for"
              suffix=" days"
              value={values.trashRetentionDays}
              onChange={(value) => set('trashRetentionDays', value)}
              error={errors.trashRetentionDays}
              min={1}
              max={TRASH_MAX_DAYS}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              required
              maw={240}
            />
          </Section>

          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              disabled={!dirty || update.isPending}
              onClick={() => {
                setValues(toFormValues(settings));
                setErrors({});
                setFailure(undefined);
              }}
            >
              Discard changes
            </Button>
            <Button type="submit" loading={update.isPending} disabled={!dirty}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
