import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';

// Placeholder until the page lands.
function ForgotPasswordRoute() {
  return <Title order={1}>Forgot password</Title>;
}

export const page: PageFactory = () => ({ Component: ForgotPasswordRoute });
