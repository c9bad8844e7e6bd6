import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { useEnrichmentSettings } from '../api/enrichment';
import { EnrichmentSettingsForm } from '../components/enrichment-settings-form';

function Content() {
  const { data, error, refetch, isFetching } = useEnrichmentSettings();
  if (data) return <EnrichmentSettingsForm settings={data} />;
  if (error) return <QueryError what="the enrichment settings" error={error} onRetry={() => void refetch()} retrying={isFetching} />;
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the enrichment settings">
      <Skeleton height={80} />
      <Skeleton height={220} />
      <Skeleton height={220} />
    </Stack>
  );
}

function EnrichmentSettingsRoute() {
  return (
    <RequirePermission permission="integrations:manage">
      <title>Enrichment · Settings · Hot Leads</title>
      <Stack gap="lg" maw={960}>
        <div>
          <Title order={1}>Enrichment</Title>
          <Text c="dimmed" mt={4}>
            Check leads&apos; phone numbers with Twilio Lookup and their email addresses with Kickbox. The same number or address is not paid for twice within the cache period.
          </Text>
        </div>
        <Content />
      </Stack>
    </RequirePermission>
  );
}

export const page: PageFactory = () => ({ Component: EnrichmentSettingsRoute });
