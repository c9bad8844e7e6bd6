import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Busy } from '@/components/ui/busy';
import { Link } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { paths } from '@/config/paths';
import { useHostWorkspace } from '@/features/workspace-access/api/workspace-access';
import { AuthCard } from '../components/auth-card';
import { SignUpForm } from '../components/sign-up-form';

// Only where the API takes sign-ups: ALLOW_SIGNUP on, and never on a workspace's own host (BASE_DOMAIN).
function SignUpRoute() {
  const host = useHostWorkspace();
  if (host.isPending) {
    return (
      <AuthCard title="Create a workspace">
        <Busy label="Loading" />
      </AuthCard>
    );
  }
  if (!host.data?.signupAllowed) {
    return (
      <AuthCard title="Create a workspace">
        <Stack gap="md">
          <Title order={1} size="h2">
            Sign-up is not available here
          </Title>
          <Text>
            {host.data?.host === 'workspace'
              ? `This is the address of the ${host.data.name ?? ''} workspace. New workspaces are created at ${host.data.apexUrl ?? 'the main address'}.`
              : 'New workspaces cannot be created at this address. Ask your administrator for an invitation.'}
          </Text>
          <Anchor component={Link} to={paths.signIn.getHref()}>
            Back to sign in
          </Anchor>
        </Stack>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create a workspace">
      <SignUpForm />
    </AuthCard>
  );
}

export const page: PageFactory = () => ({ Component: SignUpRoute });
