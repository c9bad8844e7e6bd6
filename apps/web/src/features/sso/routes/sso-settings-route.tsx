import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { useSsoSettings } from '../api/sso';
import { SsoSettingsForm } from '../components/sso-settings-form';

function Content() {
  const { data, error, refetch, isFetching } = useSsoSettings();
  if (data) return <SsoSettingsForm key={String(data.configured)} settings={data} />;
  if (error) return <QueryError what="the single sign-on settings" error={error} onRetry={() => void refetch()} retrying={isFetching} />;
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the single sign-on settings">
      <Skeleton height={120} />
      <Skeleton height={420} />
    </Stack>
  );
}

function SsoSettingsRoute() {
  return (
    <RequirePermission permission="settings:manage">
      <title>Single sign-on · Settings · Hot Leads</title>
      <Stack gap="lg" maw={960}>
        <div>
          <Title order={1}>Single sign-on</Title>
          <Text c="dimmed" mt={4}>
            Let staff sign in through your company&apos;s identity provider (OpenID Connect: Google Workspace, Microsoft Entra ID, Okta and others).
          </Text>
        </div>
        <Content />
      </Stack>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: SsoSettingsRoute });
