import type { PageFactory } from '@/app/lazy-page';
import { AuthCard } from '@/features/auth/components/auth-card';
import { FindWorkspaceForm } from '../components/find-workspace-form';

function FindWorkspaceRoute() {
  return (
    <AuthCard title="Find your workspace">
      <FindWorkspaceForm />
    </AuthCard>
  );
}

export const page: PageFactory = () => ({ Component: FindWorkspaceRoute });
