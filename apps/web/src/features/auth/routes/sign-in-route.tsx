import { Text } from '@mantine/core';
import { redirect, useNavigate, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { safeNext } from '@/config/paths';
import { HostWorkspaceNotice } from '@/features/workspace-access/components/host-workspace-notice';
import { SsoError, SsoSignIn } from '@/features/sso/components/sso-sign-in';
import { expectSession, restoreSession, useSession } from '@/lib/session';
import { AuthCard } from '../components/auth-card';
import { SignInForm } from '../components/sign-in-form';

// Already signed in (a still-valid refresh cookie): straight on.
async function signInLoader({ request }: LoaderFunctionArgs) {
  // Back from the identity provider with a refresh cookie.
  if (new URL(request.url).searchParams.get('sso') === 'signed-in') expectSession();
  const session = await restoreSession();
  if (session.status === 'signed-in') throw redirect(safeNext(new URL(request.url).searchParams.get('next')));
  return null;
}

function SignInRoute() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const expired = session.status === 'signed-out' && session.expired;
  return (
    <AuthCard title="Sign in">
      <HostWorkspaceNotice />
      {expired && (
        <Text size="sm" c="dimmed" mb="md" role="status">
          Your session ended. Sign in again to continue where you were.
        </Text>
      )}
      <SsoError error={search.get('sso_error')} />
      <SignInForm onSignedIn={() => void navigate(safeNext(search.get('next')), { replace: true })} />
      <SsoSignIn workspace={search.get('workspace')} />
    </AuthCard>
  );
}

export const page: PageFactory = () => ({ Component: SignInRoute, loader: signInLoader });
