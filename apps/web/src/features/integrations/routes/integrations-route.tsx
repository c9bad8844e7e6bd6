import { Button, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { sessionAllows } from '@/lib/authorization';
import { connectionsQueryOptions, useConnections } from '../api/connections';
import { useZohoOAuthInfo } from '../api/zoho-connect';
import { ConnectAcuityModal } from '../components/connect-acuity-modal';
import { ConnectPullModal } from '../components/connect-pull-modal';
import { ConnectWithZohoModal } from '../components/connect-with-zoho-modal';
import { ConnectTwilioSmsModal } from '../components/connect-twilio-sms-modal';
import { CreateWebhookModal } from '../components/create-webhook-modal';
import { ProviderCard } from '../components/provider-card';
import { ZohoConnectResult } from '../components/zoho-connect-result';
import { PROVIDERS, type ProviderInfo } from '../utils/providers';

function IntegrationsRoute() {
  return (
    <RequirePermission permission="integrations:manage">
      <title>Integrations · Hot Leads</title>
      <IntegrationsPage />
    </RequirePermission>
  );
}

function IntegrationsPage() {
  const connections = useConnections();
  const [connecting, setConnecting] = useState<ProviderInfo | null>(null);
  const close = () => setConnecting(null);
  // Offered only where Zoho can send the browser back (the API has a public URL).
  const zohoOAuth = useZohoOAuthInfo();
  const [zohoSignIn, setZohoSignIn] = useState(false);
  const zohoButton = zohoOAuth.data?.available ? (
    <Button variant="light" rightSection={<IconExternalLink size={16} aria-hidden />} onClick={() => setZohoSignIn(true)}>
      Connect with Zoho
    </Button>
  ) : undefined;

  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1}>Integrations</Title>
        <Text c="dimmed">CRMs and calendars read on a schedule, scheduling tools and other senders that post leads through signed webhooks, and Twilio for text messages.</Text>
      </div>
      <ZohoConnectResult />
      {connections.isError ? (
        <QueryError what="the integrations" error={connections.error} retrying={connections.isFetching} onRetry={() => void connections.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {connections.isPending
            ? PROVIDERS.map((info) => <Skeleton key={info.provider} h={200} radius="md" />)
            : PROVIDERS.map((info) => (
                <ProviderCard
                  key={info.provider}
                  info={info}
                  connections={connections.data.filter((c) => c.provider === info.provider)}
                  onConnect={() => setConnecting(info)}
                  extraAction={info.provider === 'zoho' ? zohoButton : undefined}
                />
              ))}
        </SimpleGrid>
      )}
      <ConnectAcuityModal opened={connecting?.connect === 'acuity'} onClose={close} />
      <CreateWebhookModal opened={connecting?.connect === 'signed-webhook'} onClose={close} />
      <ConnectPullModal provider={connecting?.connect === 'pull' ? connecting.provider : null} onClose={close} />
      {zohoOAuth.data?.available && <ConnectWithZohoModal opened={zohoSignIn} info={zohoOAuth.data} onClose={() => setZohoSignIn(false)} />}
      <ConnectTwilioSmsModal opened={connecting?.connect === 'twilio-sms'} onClose={close} />
    </Stack>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: IntegrationsRoute,
  loader: () => {
    if (sessionAllows('integrations:manage')) queryClient.prefetchQuery(connectionsQueryOptions()).catch(() => undefined);
    return null;
  },
});
