import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';

// Placeholder until the page lands.
function ResetPasswordRoute() {
  return <Title order={1}>Reset password</Title>;
}

export const page: PageFactory = () => ({ Component: ResetPasswordRoute });
