import { useSearchParams } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { AuthCard } from '../components/auth-card';
import { InvalidLink } from '../components/invalid-link';
import { ResetPasswordForm } from '../components/reset-password-form';

function ResetPasswordRoute() {
  const [search] = useSearchParams();
  const token = search.get('token');
  return <AuthCard title="Reset password">{token ? <ResetPasswordForm token={token} /> : <InvalidLink kind="reset" />}</AuthCard>;
}

export const page: PageFactory = () => ({ Component: ResetPasswordRoute });
