import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { checkNewPassword, PasswordStrengthInput } from '@/components/ui/password-strength';
import { startSession } from '@/lib/session';
import { acceptInvitation } from '../api/accept-invitation';
import { startMfaEnrolment, type MfaSetup, type SignInAnswer } from '../api/sign-in';
import { accountErrorMessage, fieldError, isInvalidLink } from './account-messages';
import { InvalidLink } from './invalid-link';
import { MfaEnrolment } from './mfa-enrolment';

type Step = { name: 'details' } | { name: 'invalid' } | { name: 'enrol'; mfaToken: string; setup: MfaSetup };

interface AcceptInvitationFormProps {
  token: string;
  onSignedIn: () => void;
}

// Name and password, then straight in: a session, or first the MFA enrolment the workspace requires.
export function AcceptInvitationForm({ token, onSignedIn }: AcceptInvitationFormProps) {
  const [step, setStep] = useState<Step>({ name: 'details' });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ name?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const next = async (answer: SignInAnswer) => {
    if (answer.accessToken) {
      await startSession(answer);
      return onSignedIn();
    }
    if (answer.mfaEnrollmentRequired && answer.mfaToken) {
      const setup = await startMfaEnrolment(answer.mfaToken);
      return setStep({ name: 'enrol', mfaToken: answer.mfaToken, setup });
    }
    throw new Error('Unexpected answer to the invitation');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      // The API applies the same policy; asking it first only costs the user a round trip.
      const problem = await checkNewPassword(password, { name });
      if (problem) return setErrors({ password: problem });
      await next(await acceptInvitation({ token, name: name.trim(), password }));
    } catch (failure) {
      if (isInvalidLink(failure)) return setStep({ name: 'invalid' });
      const byField = { name: fieldError(failure, 'name'), password: fieldError(failure, 'password') };
      setErrors(byField.name || byField.password ? byField : { form: accountErrorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  if (step.name === 'enrol') return <MfaEnrolment mfaToken={step.mfaToken} setup={step.setup} onSignedIn={onSignedIn} />;
  if (step.name === 'invalid') return <InvalidLink kind="invitation" />;

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Accept the invitation" noValidate>
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            Join your team on Hot Leads
          </Title>
          <Text mt={4}>Choose the name your teammates will see and a password to sign in with.</Text>
        </div>
        {errors.form && (
          <Alert color="red" role="alert" title="Could not accept the invitation">
            {errors.form}
          </Alert>
        )}
        <TextInput
          label="Your name"
          autoComplete="name"
          required
          autoFocus
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
        />
        <PasswordStrengthInput label="Password" required value={password} onChange={setPassword} context={{ name }} error={errors.password} />
        <Button type="submit" loading={busy} disabled={!name.trim() || !password} fullWidth>
          Join and sign in
        </Button>
      </Stack>
    </form>
  );
}
