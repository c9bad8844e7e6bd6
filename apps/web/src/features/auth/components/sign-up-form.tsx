import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { checkNewPassword, PasswordStrengthInput } from '@/components/ui/password-strength';
import { paths } from '@/config/paths';
import { useSignUp } from '../api/sign-up';
import { accountErrorMessage, fieldError } from './account-messages';

type Field = 'tenantName' | 'name' | 'email' | 'password';

// A new workspace with its owner. Whatever happens the page says "check your email": whether the address
// already has an account is told only to its owner, by email.
export function SignUpForm() {
  const signUp = useSignUp();
  const [values, setValues] = useState<Record<Field, string>>({ tenantName: '', name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});
  const set = (field: Field) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  if (signUp.isSuccess) {
    return (
      <Stack gap="md">
        <Title order={1} size="h2">
          Check your email
        </Title>
        <Alert color="blue" icon={<IconMailForward aria-hidden />} role="status">
          We sent <strong>{signUp.variables.email}</strong> an email with the address of the workspace and how to sign in.
        </Alert>
        <Text size="sm">Nothing arrived after a few minutes? Check the spam folder.</Text>
      </Stack>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    // The API applies the same policy; asking it first only costs the user a round trip.
    const problem = await checkNewPassword(values.password, { email: values.email, name: values.name });
    if (problem) return setErrors({ password: problem });
    signUp.mutate(
      { tenantName: values.tenantName.trim(), name: values.name.trim(), email: values.email.trim(), password: values.password },
      {
        onError: (failure) => {
          const byField = Object.fromEntries((['tenantName', 'name', 'email', 'password'] as const).map((field) => [field, fieldError(failure, field)]));
          setErrors(Object.values(byField).some(Boolean) ? byField : { form: accountErrorMessage(failure) });
        },
      },
    );
  };

  const text = (field: Exclude<Field, 'password'>, label: string, extra: { type?: string; autoComplete: string; maxLength: number; autoFocus?: boolean }) => (
    <TextInput label={label} required {...extra} value={values[field]} onChange={(event) => set(field)(event.currentTarget.value)} error={errors[field]} />
  );

  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Create a workspace" noValidate>
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            Create a workspace
          </Title>
          <Text mt={4}>A workspace for your team&apos;s leads, with you as its owner.</Text>
        </div>
        {errors.form && (
          <Alert color="red" role="alert" title="The workspace was not created">
            {errors.form}
          </Alert>
        )}
        {text('tenantName', 'Workspace name', { autoComplete: 'organization', maxLength: 100, autoFocus: true })}
        {text('name', 'Your name', { autoComplete: 'name', maxLength: 200 })}
        {text('email', 'Email', { type: 'email', autoComplete: 'email', maxLength: 320 })}
        <PasswordStrengthInput
          label="Password"
          required
          value={values.password}
          onChange={set('password')}
          context={{ email: values.email, name: values.name }}
          error={errors.password}
        />
        <Button type="submit" loading={signUp.isPending} disabled={Object.values(values).some((value) => !value.trim())} fullWidth>
          Create the workspace
        </Button>
        <Anchor component={Link} to={paths.signIn.getHref()} size="sm" ta="center">
          Already have an account? Sign in
        </Anchor>
      </Stack>
    </form>
  );
}
