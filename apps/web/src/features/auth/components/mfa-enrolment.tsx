import { Alert, Button, Image, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { RecoveryCodes } from '@/components/ui/recovery-codes';
import { startSession } from '@/lib/session';
import { confirmMfaEnrolment, type MfaSetup, type SignInAnswer } from '../api/sign-in';
import { signInErrorMessage } from './sign-in-messages';

interface MfaEnrolmentProps {
  mfaToken: string;
  setup: MfaSetup;
  // Runs once the session exists.
  onSignedIn: () => void;
}

// Enrolment before the first session, when the workspace requires a second factor (at sign-in, or right after
// accepting an invitation): scan, confirm with a code, save the recovery codes, then in.
export function MfaEnrolment({ mfaToken, setup, onSignedIn }: MfaEnrolmentProps) {
  const [enabled, setEnabled] = useState<{ codes: string[]; answer: SignInAnswer }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(signInErrorMessage(failure, 'code'));
    } finally {
      setBusy(false);
    }
  };

  const onCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).trim();
    void run(async () => {
      const answer = await confirmMfaEnrolment(mfaToken, code);
      setEnabled({ codes: answer.recoveryCodes, answer });
    });
  };

  const alert = error && (
    <Alert color="red" role="alert" title="Could not sign in">
      {error}
    </Alert>
  );

  if (enabled) {
    const finish = () =>
      run(async () => {
        await startSession(enabled.answer);
        onSignedIn();
      });
    return (
      <Stack gap="md">
        <Title order={1} size="h2">
          Two-factor authentication is on
        </Title>
        {alert}
        <RecoveryCodes codes={enabled.codes} />
        <Button onClick={() => void finish()} loading={busy} fullWidth>
          I have saved them, continue
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={onCode} aria-label="Set up two-factor authentication">
      <Stack gap="md">
        <Title order={1} size="h2">
          Set up two-factor authentication
        </Title>
        <Text>This workspace requires a second factor. Scan the code with an authenticator app, then enter the code it shows.</Text>
        {alert}
        <Image src={setup.qrCode} alt="QR code for your authenticator app" w={180} h={180} mx="auto" />
        <Text size="sm">
          Can't scan it? Enter this key by hand: <code data-testid="mfa-secret">{setup.secret}</code>
        </Text>
        <TextInput name="code" label="Authentication code" autoComplete="one-time-code" inputMode="numeric" required autoFocus />
        <Button type="submit" loading={busy} fullWidth>
          Turn on and continue
        </Button>
      </Stack>
    </form>
  );
}
