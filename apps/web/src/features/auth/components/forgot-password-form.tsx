import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { useRequestPasswordReset } from '../api/forgot-password';
import { accountErrorMessage } from './account-messages';

// Asks for a reset link. The answer never says whether the address has an account.
export function ForgotPasswordForm() {
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');

  if (request.isSuccess) {
    return (
      <Stack gap="md">
        <Title order={1} size="h2">
          Check your email
        </Title>
        <Alert color="blue" icon={<IconMailForward aria-hidden />} role="status">
          If an account exists for <strong>{request.variables.email}</strong>, an email with a reset link is on its way. The link works
          once, for 30 minutes.
        </Alert>
        <Text size="sm">Nothing arrived after a few minutes? Check the spam folder, or ask an administrator of your workspace.</Text>
        <Button component={Link} to={paths.signIn.getHref()} variant="default" fullWidth>
          Back to sign in
        </Button>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email: email.trim() });
  };

  return (
    <form onSubmit={submit} aria-label="Reset your password">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            Reset your password
          </Title>
          <Text mt={4}>Enter the email you sign in with and we will send you a link to choose a new password.</Text>
        </div>
        {request.error && (
          <Alert color="red" role="alert" title="The request was not sent">
            {accountErrorMessage(request.error)}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <Button type="submit" loading={request.isPending} fullWidth>
          Send reset link
        </Button>
        <Anchor component={Link} to={paths.signIn.getHref()} size="sm" ta="center">
          Back to sign in
        </Anchor>
      </Stack>
    </form>
  );
}
