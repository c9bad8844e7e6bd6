import { Anchor, Text } from '@mantine/core';
import { Link, redirect, useNavigate, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { paths, safeNext } from '@/config/paths';
import { useHostWorkspace, type HostWorkspace } from '@/features/workspace-access/api/workspace-access';
import { HostWorkspaceNotice } from '@/features/workspace-access/components/host-workspace-notice';
import { HostSsoSignIn, SsoError, SsoSignIn } from '@/features/sso/components/sso-sign-in';
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

// Single sign-on on a workspace's own host is that workspace's; the apex signs no staff in; on the one
// shared host it comes from the link (or this browser's last one).
function SsoFor({ host, linked }: { host: HostWorkspace | undefined; linked: string | null }) {
  if (host?.host === 'workspace') return <HostSsoSignIn />;
  if (host?.host === 'apex') return null;
  return <SsoSignIn workspace={linked} />;
}

function SignInRoute() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const host = useHostWorkspace();
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
      {!host.isPending && <SsoFor host={host.data} linked={search.get('workspace')} />}
      {host.data?.signupAllowed && (
        <Text size="sm" ta="center" mt="md">
          New to Hot Leads?{' '}
          <Anchor component={Link} to={paths.signUp.getHref()}>
            Create a workspace
          </Anchor>
        </Text>
      )}
    </AuthCard>
  );
}

export const page: PageFactory = () => ({ Component: SignInRoute, loader: signInLoader });
