import { Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';

// Placeholder until the page lands.
function AcceptInvitationRoute() {
  return (
    <Title order={1}>Accept invitation</Title>
  );
}

export const page: PageFactory = () => ({ Component: AcceptInvitationRoute });
