import { Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { getSession } from '@/lib/session';
import { sessionsQueryOptions } from '../api/get-sessions';
import { MfaSection } from '../components/mfa-section';
import { PasswordSection } from '../components/password-section';
import { AvailabilitySection } from '../components/availability-section';
import { ProfileSection } from '../components/profile-section';
import { SessionsSection } from '../components/sessions-section';
import { NotificationPreferencesSection } from '@/features/notifications/components/notification-preferences-section';

// Everyone signed in may manage their own account: no permission needed.
function AccountRoute() {
  return (
    <>
      <title>Profile and security · Hot Leads</title>
      <Stack gap="lg" maw={960}>
        <div>
          <Title order={1}>Profile and security</Title>
          <Text c="dimmed" mt={4}>
            Your name, notifications, password, two-factor authentication and the devices you are signed in on.
          </Text>
        </div>
        <ProfileSection />
        <AvailabilitySection />
        <NotificationPreferencesSection />
        <PasswordSection />
        <MfaSection />
        <SessionsSection />
      </Stack>
    </>
  );
}

// Starts reading the sessions while the page's code loads, once signed in (on a fresh page load the session is
// still being restored: the page reads them itself).
export const page: PageFactory = (queryClient) => ({
  Component: AccountRoute,
  loader: () => {
    if (getSession().status === 'signed-in') queryClient.ensureQueryData(sessionsQueryOptions()).catch(() => undefined);
    return null;
  },
});
