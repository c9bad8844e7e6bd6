import { useNavigate, useSearchParams } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { paths } from '@/config/paths';
import { AcceptInvitationForm } from '../components/accept-invitation-form';
import { AuthCard } from '../components/auth-card';
import { InvalidLink } from '../components/invalid-link';

function AcceptInvitationRoute() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const token = search.get('token');
  return (
    <AuthCard title="Accept invitation">
      {token ? (
        <AcceptInvitationForm token={token} onSignedIn={() => void navigate(paths.dashboard.getHref(), { replace: true })} />
      ) : (
        <InvalidLink kind="invitation" />
      )}
    </AuthCard>
  );
}

export const page: PageFactory = () => ({ Component: AcceptInvitationRoute });
