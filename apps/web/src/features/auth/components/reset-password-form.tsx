import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { checkNewPassword, PasswordStrengthInput } from '@/components/ui/password-strength';
import { paths } from '@/config/paths';
import { useResetPassword } from '../api/reset-password';
import { accountErrorMessage, fieldError, isInvalidLink } from './account-messages';
import { InvalidLink } from './invalid-link';

// A new password from the emailed link. Every session of the account ends; the user then signs in anew.
export function ResetPasswordForm({ token }: { token: string }) {
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [checking, setChecking] = useState(false);

  if (reset.isSuccess) {
    return (
      <Stack gap="md">
        <Title order={1} size="h2">
          Your password is changed
        </Title>
        <Alert color="green" icon={<IconCircleCheck aria-hidden />} role="status">
          Every session of your account was signed out. Sign in with your new password.
        </Alert>
        <Button component={Link} to={paths.signIn.getHref()} fullWidth>
          Sign in
        </Button>
      </Stack>
    );
  }
  if (isInvalidLink(reset.error)) return <InvalidLink kind="reset" />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    const found = await checkNewPassword(password);
    setChecking(false);
    setProblem(found ?? undefined);
    if (!found) reset.mutate({ token, newPassword: password });
  };

  const passwordError = problem ?? fieldError(reset.error, 'newPassword');
  const formError = reset.error && !passwordError ? accountErrorMessage(reset.error) : undefined;

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Choose a new password" noValidate>
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            Choose a new password
          </Title>
          <Text mt={4}>It replaces the old one at once, and every device signed in to your account is signed out.</Text>
        </div>
        {formError && (
          <Alert color="red" role="alert" title="The password was not changed">
            {formError}
          </Alert>
        )}
        <PasswordStrengthInput label="New password" required autoFocus value={password} onChange={setPassword} error={passwordError} />
        <Button type="submit" loading={checking || reset.isPending} disabled={!password} fullWidth>
          Change password
        </Button>
        <Anchor component={Link} to={paths.signIn.getHref()} size="sm" ta="center">
          Back to sign in
        </Anchor>
      </Stack>
    </form>
  );
}
