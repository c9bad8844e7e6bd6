import { Alert, Button, Code, CopyButton, Group, Paper, PasswordInput, Select, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ConfirmPasswordDialog } from '@/features/settings/components/confirm-password-dialog';
import { useRoles } from '@/lib/api/get-roles';
import { ApiError } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { getSsoTestResult, startSsoTest, useRemoveSsoSettings, useSaveSsoSettings, type SsoSettings, type SsoSettingsChange, type SsoTestResult } from '../api/sso';

const NO_PROVISIONING = '';
const TEST_POLL_MS = 1500;
const TEST_TIMEOUT_MS = 10 * 60_000;

interface FormValues {
  displayName: string;
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string;
  jitRoleId: string;
  enabled: boolean;
  requireSso: boolean;
}

const toValues = (s: SsoSettings): FormValues => ({
  displayName: s.displayName,
  issuerUrl: s.issuerUrl,
  clientId: s.clientId,
  clientSecret: '',
  allowedDomains: s.allowedDomains.join('\n'),
  jitRoleId: s.jitRoleId ?? NO_PROVISIONING,
  enabled: s.configured ? s.enabled : true,
  requireSso: s.requireSso,
});

const toChange = (v: FormValues): SsoSettingsChange => ({
  providerType: 'oidc',
  displayName: v.displayName.trim(),
  issuerUrl: v.issuerUrl.trim(),
  clientId: v.clientId.trim(),
  ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}),
  allowedDomains: v.allowedDomains
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean),
  jitRoleId: v.jitRoleId === NO_PROVISIONING ? null : v.jitRoleId,
  enabled: v.enabled,
  requireSso: v.requireSso,
});

const needsPassword = (error: Error) => error instanceof ApiError && error.code === 'recent_authentication_required' && error.reason === 'stale';

function TestResult({ result }: { result: SsoTestResult }) {
  if (result.status === 'pending') {
    return (
      <Text size="sm" role="status">
        Waiting for the sign-in in the popup to finish…
      </Text>
    );
  }
  if (result.status === 'failed') {
    return (
      <Alert color="red" role="alert" title="The test sign-in failed">
        {result.message}
      </Alert>
    );
  }
  return (
    <Alert color="green" title="The provider signed you in" role="status">
      <Text size="sm" mb="xs">
        These are the claims of the ID token received (no session was created):
      </Text>
      <Code block>{JSON.stringify(result.claims, null, 2)}</Code>
    </Alert>
  );
}

// Settings → Single sign-on: the OpenID Connect provider, who may sign in through it, and a test sign-in.
export function SsoSettingsForm({ settings }: { settings: SsoSettings }) {
  const [values, setValues] = useState<FormValues>(() => toValues(settings));
  const [failure, setFailure] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [awaitingPassword, setAwaitingPassword] = useState<{ then: () => void }>();
  const [test, setTest] = useState<SsoTestResult>();
  const [testing, setTesting] = useState(false);
  const poll = useRef<ReturnType<typeof setTimeout>>(undefined);
  const save = useSaveSsoSettings();
  const remove = useRemoveSsoSettings();
  const roles = useRoles();

  useEffect(() => () => clearTimeout(poll.current), []);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setFieldErrors((current) => ({ ...current, [key]: '' }));
  };

  const onError = (error: Error, retry: () => void, what: string) => {
    if (needsPassword(error)) {
      setAwaitingPassword({ then: retry });
      return;
    }
    if (error instanceof ApiError && error.fieldErrors.length) setFieldErrors(Object.fromEntries(error.fieldErrors.map((f) => [f.field.split('.')[0], f.message])));
    setFailure(error.message);
    notify('red', what, error.message);
  };

  const submit = () => {
    setFailure(undefined);
    save.mutate(toChange(values), {
      onSuccess: (saved) => {
        setValues(toValues(saved));
        notify('green', 'Single sign-on saved', saved.enabled ? 'The sign-in page offers it from now on.' : 'It is saved but turned off.');
      },
      onError: (error) => onError(error, submit, 'Single sign-on not saved'),
    });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  const removeAll = () => {
    setFailure(undefined);
    remove.mutate(undefined, {
      onSuccess: () => notify('green', 'Single sign-on removed', 'Everyone signs in with a password again.'),
      onError: (error) => onError(error, removeAll, 'Single sign-on not removed'),
    });
  };

  const runTest = async () => {
    clearTimeout(poll.current);
    setTest(undefined);
    setTesting(true);
    // Opened before the request, in the click itself, so the browser does not block it as a pop-up.
    const popup = window.open('about:blank', 'hotleads-sso-test', 'popup,width=520,height=680');
    try {
      const started = await startSsoTest();
      if (popup) popup.location.href = started.url;
      else window.open(started.url, 'hotleads-sso-test', 'popup,width=520,height=680');
      setTest({ status: 'pending' });
      const until = Date.now() + TEST_TIMEOUT_MS;
      const check = async () => {
        const result = await getSsoTestResult(started.id).catch(() => undefined);
        if (result && result.status !== 'pending') {
          setTest(result);
          setTesting(false);
          popup?.close();
        } else if (Date.now() < until) {
          poll.current = setTimeout(() => void check(), TEST_POLL_MS);
        } else setTesting(false);
      };
      poll.current = setTimeout(() => void check(), TEST_POLL_MS);
    } catch (error) {
      popup?.close();
      setTesting(false);
      setFailure((error as Error).message);
    }
  };

  const roleOptions = [
    { value: NO_PROVISIONING, label: 'Nobody: only invited people may sign in' },
    ...(roles.data ?? []).map((role) => ({ value: role.id, label: `New people become: ${role.name}` })),
  ];

  return (
    <>
      <ConfirmPasswordDialog
        opened={awaitingPassword !== undefined}
        onConfirmed={() => {
          const then = awaitingPassword?.then;
          setAwaitingPassword(undefined);
          then?.();
        }}
        onCancel={() => {
          setAwaitingPassword(undefined);
          setFailure('Nothing was changed: changes to how people sign in need your password. Try again to confirm it.');
        }}
      />
      <Stack gap="lg">
        {failure && (
          <Alert color="red" role="alert" title="Could not save single sign-on">
            {failure}
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md">
          <Stack gap="xs">
            <Title order={2} size="h4">
              At your identity provider
            </Title>
            <Text size="sm">Register Hot Leads as a web application (OpenID Connect, authorization code) with this redirect URI:</Text>
            <Group gap="xs">
              <Code>{settings.redirectUri}</Code>
              <CopyButton value={settings.redirectUri}>{({ copied, copy }) => <Button size="compact-xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
            </Group>
            <Text size="sm">Staff sign in from this link (the sign-in page then shows the provider&apos;s button):</Text>
            <Group gap="xs">
              <Code>{settings.signInUrl}</Code>
              <CopyButton value={settings.signInUrl}>{({ copied, copy }) => <Button size="compact-xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
            </Group>
          </Stack>
        </Paper>
        <form onSubmit={onSubmit} noValidate aria-label="Single sign-on settings">
          <Paper withBorder p="lg" radius="md">
            <Stack gap="md">
              <TextInput
                label="Provider name"
                description='Shown on the sign-in button: "Sign in with …"'
                value={values.displayName}
                onChange={(e) => set('displayName', e.currentTarget.value)}
                error={fieldErrors.displayName}
                maxLength={60}
                required
              />
              <TextInput
                label="Issuer URL"
                description="For example https://your-company.okta.com or https://accounts.google.com"
                type="url"
                value={values.issuerUrl}
                onChange={(e) => set('issuerUrl', e.currentTarget.value)}
                error={fieldErrors.issuerUrl}
                required
              />
              <TextInput label="Client ID" value={values.clientId} onChange={(e) => set('clientId', e.currentTarget.value)} error={fieldErrors.clientId} required />
              <PasswordInput
                label="Client secret"
                description={settings.clientSecretSet ? 'A secret is stored. Leave empty to keep it.' : 'Stored encrypted; it is never shown again.'}
                value={values.clientSecret}
                onChange={(e) => set('clientSecret', e.currentTarget.value)}
                error={fieldErrors.clientSecret}
                autoComplete="new-password"
                required={!settings.clientSecretSet}
              />
              <Textarea
                label="Allowed email domains"
                description="One per line, e.g. example.com. Only addresses in these domains, verified by the provider, may sign in."
                value={values.allowedDomains}
                onChange={(e) => set('allowedDomains', e.currentTarget.value)}
                error={fieldErrors.allowedDomains}
                autosize
                minRows={2}
                required
              />
              <Select
                label="People signing in for the first time"
                data={roleOptions}
                value={values.jitRoleId}
                onChange={(value) => set('jitRoleId', value ?? NO_PROVISIONING)}
                error={fieldErrors.jitRoleId}
                allowDeselect={false}
              />
              <Switch label="Offer single sign-on on the sign-in page" checked={values.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
              <Switch
                label="Require single sign-on"
                description="Passwords stop working for everyone except owners, who keep a password with two-factor authentication for emergencies."
                checked={values.requireSso}
                onChange={(e) => set('requireSso', e.currentTarget.checked)}
              />
              <Group justify="space-between">
                <Group gap="sm">
                  <Button type="submit" loading={save.isPending}>
                    Save
                  </Button>
                  {settings.configured && (
                    <Button variant="default" onClick={() => void runTest()} loading={testing}>
                      Test sign-in
                    </Button>
                  )}
                </Group>
                {settings.configured && (
                  <Button variant="subtle" color="red" onClick={removeAll} loading={remove.isPending}>
                    Remove single sign-on
                  </Button>
                )}
              </Group>
            </Stack>
          </Paper>
        </form>
        {test && <TestResult result={test} />}
      </Stack>
    </>
  );
}
