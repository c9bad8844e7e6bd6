import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { useNotificationSettings } from '../api/notification-preferences';
import { NotificationSettingsForm } from '../components/notification-settings-form';
import { SlackChannels } from '../components/slack-channels';

function Content() {
  const { data, error, refetch, isFetching } = useNotificationSettings();
  if (data) return <NotificationSettingsForm settings={data} />;
  if (error) return <QueryError what="the notification settings" error={error} onRetry={() => void refetch()} retrying={isFetching} />;
  return <Skeleton height={360} aria-label="Loading the notification settings" />;
}

function NotificationSettingsRoute() {
  return (
    <RequirePermission permission="settings:manage">
      <title>Notifications · Settings · Hot Leads</title>
      <Stack gap="lg" maw={960}>
        <div>
          <Title order={1}>Notifications</Title>
          <Text c="dimmed" mt={4}>
            Who hears of hot leads and response targets, and which Slack channels are told. Each person chooses their own email and quiet hours in their profile.
          </Text>
        </div>
        <Content />
        <SlackChannels />
      </Stack>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: NotificationSettingsRoute });
