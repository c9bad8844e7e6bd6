import type { PageFactory } from '@/app/lazy-page';
import { AuthCard } from '../components/auth-card';
import { ForgotPasswordForm } from '../components/forgot-password-form';

function ForgotPasswordRoute() {
  return (
    <AuthCard title="Forgot password">
      <ForgotPasswordForm />
    </AuthCard>
  );
}

export const page: PageFactory = () => ({ Component: ForgotPasswordRoute });
