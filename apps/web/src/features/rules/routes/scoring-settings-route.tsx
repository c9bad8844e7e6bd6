import { Skeleton, Stack, Text, Title } from '@mantine/core';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { sessionAllows } from '@/lib/authorization';
import { scoringQueryOptions, useScoringSettings } from '../api/scoring';
import { ScoringRules } from '../components/scoring-rules';

function Content() {
  const { data, error, refetch, isFetching } = useScoringSettings();
  if (data) return <ScoringRules settings={data} />;
  if (error) return <QueryError what="the scoring rules" error={error} onRetry={() => void refetch()} retrying={isFetching} />;
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the scoring rules">
      <Skeleton height={260} />
      <Skeleton height={120} />
    </Stack>
  );
}

function ScoringSettingsRoute() {
  return (
    <RequirePermission permission="settings:manage">
      <title>Scoring · Settings · Hot Leads</title>
      <Stack gap="lg" maw={1200}>
        <div>
          <Title order={1}>Scoring</Title>
          <Text c="dimmed" mt={4}>
            Rules anyone can read: each lead&apos;s score from 0 to 100 is the sum of the rules it matches, and its detail shows which ones.
          </Text>
        </div>
        <Content />
      </Stack>
    </RequirePermission>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: ScoringSettingsRoute,
  loader: () => {
    if (sessionAllows('settings:manage')) queryClient.prefetchQuery(scoringQueryOptions()).catch(() => undefined);
    return null;
  },
});
