import { Alert, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { checkNewPassword, loadPasswordPolicy, PasswordStrengthInput } from '@/components/ui/password-strength';
import { ApiError } from '@/lib/api-client';
import { useSignedIn } from '@/lib/authorization';
import { notify } from '@/lib/notify';
import { useChangePassword } from '../api/change-password';
import { AccountSection } from './account-section';

interface PasswordErrors {
  currentPassword?: string;
  newPassword?: string;
  repeat?: string;
}

export function PasswordSection() {
  const { user } = useSignedIn();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [failure, setFailure] = useState<string>();
  const [checking, setChecking] = useState(false);
  // The form (and the strength meter's dictionaries, about a megabyte) only once asked for.
  const [open, setOpen] = useState(false);
  const change = useChangePassword();

  const close = () => {
    setOpen(false);
    setCurrent('');
    setNext('');
    setRepeat('');
    setErrors({});
    setFailure(undefined);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(undefined);
    setChecking(true);
    // The same policy as the API, so a refusal shows before anything is sent.
    const policyProblem = next ? await checkNewPassword(next, { email: user.email, name: user.name }) : 'Enter a new password';
    setChecking(false);
    const found: PasswordErrors = {
      currentPassword: current ? undefined : 'Enter your current password',
      newPassword: policyProblem ?? (next === current ? 'Choose a password different from the current one' : undefined),
      repeat: repeat === next ? undefined : 'The passwords do not match',
    };
    setErrors(found);
    if (found.currentPassword || found.newPassword || found.repeat) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          close();
          notify('green', 'Password changed', 'Your other sessions were signed out; this one stays signed in.');
        },
        onError: (error) => {
          const fields = error instanceof ApiError ? error.fieldErrors : [];
          if (fields.length) setErrors(Object.fromEntries(fields.map((e) => [e.field, e.message])));
          else setFailure(error.message);
        },
      },
    );
  };

  return (
    <AccountSection
      id="password"
      title="Password"
      description="Changing your password signs you out on every other device and browser; this one stays signed in."
    >
      {!open ? (
        <Group>
          <Button variant="default" onClick={() => setOpen(true)} onMouseEnter={() => void loadPasswordPolicy().catch(() => undefined)}>
            Change password
          </Button>
        </Group>
      ) : (
        <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label="Change password">
          <Stack gap="sm" maw={480}>
            {/* Lets password managers file the new password under the right account. */}
            <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              value={current}
              onChange={(event) => {
                setCurrent(event.currentTarget.value);
                setErrors((e) => ({ ...e, currentPassword: undefined }));
              }}
              error={errors.currentPassword}
              required
              autoFocus
            />
            <PasswordStrengthInput
              label="New password"
              value={next}
              onChange={(value) => {
                setNext(value);
                setErrors((e) => ({ ...e, newPassword: undefined }));
              }}
              context={{ email: user.email, name: user.name }}
              error={errors.newPassword}
              required
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              value={repeat}
              onChange={(event) => {
                setRepeat(event.currentTarget.value);
                setErrors((e) => ({ ...e, repeat: undefined }));
              }}
              error={errors.repeat}
              required
            />
            {failure && (
              <Alert color="red" role="alert" title="Could not change the password">
                {failure}
              </Alert>
            )}
            <Group gap="sm">
              <Button type="submit" loading={checking || change.isPending}>
                Change password
              </Button>
              <Button variant="default" onClick={close} disabled={change.isPending}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AccountSection>
  );
}
