import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { getSession } from '@/lib/session';
import { settingsQueryOptions, useSettings } from '../api/get-settings';
import { SettingsForm } from '../components/settings-form';

function SettingsSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the settings">
      {[120, 140, 150, 120].map((height, index) => (
        <Skeleton key={index} height={height} />
      ))}
    </Stack>
  );
}

function SettingsContent() {
  const { data, error, refetch, isFetching } = useSettings();
  if (data) return <SettingsForm settings={data} />;
  if (error) return <QueryError what="the settings" error={error} onRetry={() => void refetch()} retrying={isFetching} />;
  return <SettingsSkeleton />;
}

function SettingsRoute() {
  return (
    <RequirePermission permission="settings:manage">
      <title>Settings · Hot Leads</title>
      <Stack gap="lg" maw={960}>
        <div>
          <Title order={1}>Settings</Title>
          <Text c="dimmed" mt={4}>
            Workspace-wide settings. Changes apply to everyone as soon as they are saved.
          </Text>
        </div>
        <SettingsContent />
      </Stack>
    </RequirePermission>
  );
}

// Starts reading the settings while the page's code loads, once signed in (on a fresh page load the session
// is still being restored: the page reads them itself). A failure is shown by the page, not thrown.
export const page: PageFactory = (queryClient) => ({
  Component: SettingsRoute,
  loader: () => {
    if (getSession().status === 'signed-in') queryClient.ensureQueryData(settingsQueryOptions()).catch(() => undefined);
    return null;
  },
});
