import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { startSession } from '@/lib/session';
import { signInWithPassword, startMfaEnrolment, verifyMfaCode, type MfaSetup, type SignInAnswer } from '../api/sign-in';
import { MfaEnrolment } from './mfa-enrolment';
import { signInErrorMessage } from './sign-in-messages';

type Step =
  | { name: 'password' }
  | { name: 'code'; mfaToken: string }
  | { name: 'enrol'; mfaToken: string; setup: MfaSetup };

// Password, then the second factor when the account has one, or its enrolment when the workspace requires
// one the user has not set up. `onSignedIn` runs once a session exists.
export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);

  const run = async (work: () => Promise<void>, kind: 'password' | 'code') => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(signInErrorMessage(failure, kind));
    } finally {
      setBusy(false);
    }
  };

  const finish = async (answer: SignInAnswer) => {
    await startSession(answer);
    onSignedIn();
  };

  const next = async (answer: SignInAnswer) => {
    if (answer.accessToken) return finish(answer);
    if (answer.mfaRequired && answer.mfaToken) return setStep({ name: 'code', mfaToken: answer.mfaToken });
    if (answer.mfaEnrollmentRequired && answer.mfaToken) {
      const setup = await startMfaEnrolment(answer.mfaToken);
      return setStep({ name: 'enrol', mfaToken: answer.mfaToken, setup });
    }
    throw new Error('Unexpected sign-in answer');
  };

  const onPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void run(() => signInWithPassword({ email: String(form.get('email')), password: String(form.get('password')) }).then(next), 'password');
  };

  const onCode = (event: FormEvent<HTMLFormElement>, mfaToken: string) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).trim();
    void run(() => verifyMfaCode({ mfaToken, code }).then(finish), 'code');
  };

  const alert = error && (
    <Alert color="red" role="alert" title="Could not sign in">
      {error}
    </Alert>
  );

  const restart = () => {
    setError(undefined);
    setStep({ name: 'password' });
  };

  switch (step.name) {
    case 'password':
      return (
        <form onSubmit={onPassword} aria-label="Sign in">
          <Stack gap="md">
            <Title order={1} size="h2">
              Sign in to Hot Leads
            </Title>
            {alert}
            <TextInput name="email" type="email" label="Email" autoComplete="username" required autoFocus />
            <PasswordInput name="password" label="Password" autoComplete="current-password" required />
            <Anchor component={Link} to={paths.forgotPassword.getHref()} size="sm" mt={-8} ta="right">
              Forgot your password?
            </Anchor>
            <Button type="submit" loading={busy} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      );
    case 'code':
      return (
        <form onSubmit={(event) => onCode(event, step.mfaToken)} aria-label="Two-factor authentication">
          <Stack gap="md">
            <Title order={1} size="h2">
              Two-factor authentication
            </Title>
            <Text>
              {useRecoveryCode
                ? 'Enter one of the recovery codes you saved when you set up two-factor authentication.'
                : 'Enter the 6-digit code from your authenticator app.'}
            </Text>
            {alert}
            <TextInput
              key={useRecoveryCode ? 'recovery' : 'totp'}
              name="code"
              label={useRecoveryCode ? 'Recovery code' : 'Authentication code'}
              autoComplete="one-time-code"
              inputMode={useRecoveryCode ? 'text' : 'numeric'}
              required
              autoFocus
            />
            <Button type="submit" loading={busy} fullWidth>
              Verify
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={() => setUseRecoveryCode((v) => !v)}>
              {useRecoveryCode ? 'Use an authenticator code instead' : 'Use a recovery code instead'}
            </Anchor>
            <Anchor component="button" type="button" size="sm" onClick={restart}>
              Start over
            </Anchor>
          </Stack>
        </form>
      );
    case 'enrol':
      return <MfaEnrolment mfaToken={step.mfaToken} setup={step.setup} onSignedIn={onSignedIn} />;
  }
}
