import { Alert, Badge, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { RecoveryCodes } from '@/components/ui/recovery-codes';
import { useSignedIn } from '@/lib/authorization';
import { notify } from '@/lib/notify';
import { useDisableMfa } from '../api/disable-mfa';
import { useRegenerateRecoveryCodes } from '../api/regenerate-recovery-codes';
import { useSetupMfa, type MfaSetup } from '../api/setup-mfa';
import { AccountSection } from './account-section';
import { MfaEnrolment } from './mfa-enrolment';

type Step = { name: 'idle' } | { name: 'enrol'; setup: MfaSetup } | { name: 'codes'; codes: string[] };

export function MfaSection() {
  const { user, workspace } = useSignedIn();
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const [disabling, setDisabling] = useState(false);
  const [regenerating, setRegenerating] = useState(false);
  const setup = useSetupMfa();

  const start = () =>
    setup.mutate(undefined, {
      onSuccess: (answer) => setStep({ name: 'enrol', setup: answer }),
      onError: (error) => notify('red', 'Could not start the setup', error.message),
    });

  const status = user.mfaEnabled ? (
    <Badge variant="default" size="lg" leftSection={<IconShieldCheck size={16} color="var(--mantine-color-teal-filled)" aria-hidden />}>
      On
    </Badge>
  ) : (
    <Badge variant="default" size="lg" leftSection={<IconShieldOff size={16} aria-hidden />}>
      Off
    </Badge>
  );

  return (
    <AccountSection
      id="mfa"
      title="Two-factor authentication"
      description="A code from an authenticator app on your phone, asked for at each sign-in, keeps your account safe even if your password leaks."
      actions={status}
    >
      {step.name === 'enrol' && (
        <MfaEnrolment
          setup={step.setup}
          onCancel={() => setStep({ name: 'idle' })}
          onEnabled={(codes) => {
            setStep({ name: 'codes', codes });
            notify('green', 'Two-factor authentication is on', 'Save your recovery codes now.');
          }}
        />
      )}
      {step.name === 'codes' && (
        <Stack gap="md">
          <RecoveryCodes codes={step.codes} />
          <Group>
            <Button onClick={() => setStep({ name: 'idle' })}>I have saved them</Button>
          </Group>
        </Stack>
      )}
      {step.name === 'idle' && !user.mfaEnabled && (
        <Stack gap="sm" align="flex-start">
          {workspace.settings.requireMfa && (
            <Alert color="flame" title="Required in this workspace">
              You will have to set it up at your next sign-in; doing it now saves you the step.
            </Alert>
          )}
          <Button onClick={start} loading={setup.isPending}>
            Set up two-factor authentication
          </Button>
        </Stack>
      )}
      {step.name === 'idle' && user.mfaEnabled && (
        <Stack gap="sm">
          <Text size="sm">
            You are asked for a code from your authenticator app when you sign in. If you lose the app, sign in with one of your recovery codes.
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={() => setRegenerating(true)}>
              New recovery codes
            </Button>
            <Button color="red" variant="light" onClick={() => setDisabling(true)} disabled={workspace.settings.requireMfa}>
              Turn off
            </Button>
          </Group>
          {workspace.settings.requireMfa && (
            <Text size="sm" c="dimmed">
              This workspace requires two-factor authentication, so it cannot be turned off.
            </Text>
          )}
        </Stack>
      )}
      <DisableMfaDialog opened={disabling} onClose={() => setDisabling(false)} />
      <RegenerateCodesDialog opened={regenerating} onClose={() => setRegenerating(false)} />
    </AccountSection>
  );
}

function DisableMfaDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useDisableMfa();

  const close = () => {
    setPassword('');
    setCode('');
    disable.reset();
    onClose();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    disable.mutate(
      { password, code: code.trim() },
      {
        onSuccess: () => {
          close();
          notify('green', 'Two-factor authentication is off', 'Your password alone now signs you in.');
        },
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={disable.isPending ? () => undefined : close}
      title="Turn off two-factor authentication?"
    >
      <form onSubmit={onSubmit} aria-label="Turn off two-factor authentication">
        <Stack gap="md">
          <Text size="sm">Your password alone will sign you in, and your recovery codes stop working. Confirm it is you:</Text>
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            data-autofocus
          />
          <TextInput
            label="Code from your app, or a recovery code"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            required
          />
          {disable.isError && (
            <Alert color="red" role="alert" title="Not turned off">
              {disable.error.message}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={disable.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={disable.isPending} disabled={!password || !code.trim()}>
              Turn off
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RegenerateCodesDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [code, setCode] = useState('');
  const regenerate = useRegenerateRecoveryCodes();

  const close = () => {
    setCode('');
    regenerate.reset();
    onClose();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    regenerate.mutate(code.replace(/\s/g, ''));
  };

  return (
    <Modal
      opened={opened}
      onClose={regenerate.isPending ? () => undefined : close}
      title="New recovery codes"
      size="lg"
    >
      {regenerate.data ? (
        <Stack gap="md">
          <RecoveryCodes codes={regenerate.data} />
          <Group justify="flex-end">
            <Button onClick={close}>I have saved them</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} aria-label="Make new recovery codes">
          <Stack gap="md">
            <Text size="sm">
              Your current recovery codes stop working as soon as the new ones are made. Enter a code from your authenticator app to continue.
            </Text>
            <TextInput
              label="Code from your app"
              autoComplete="one-time-code"
              inputMode="numeric"
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              maw={220}
              required
              data-autofocus
            />
            {regenerate.isError && (
              <Alert color="red" role="alert" title="No new codes">
                {regenerate.error.message}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={regenerate.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={regenerate.isPending} disabled={!code.trim()}>
                Make new codes
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
