import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { sessionAllows } from '@/lib/authorization';
import { notify } from '@/lib/notify';
import { suppressionsQueryOptions } from '../api/get-suppressions';
import { useSubject, type SubjectQuery } from '../api/search-subject';
import { useRequestExport } from '../api/privacy-exports';
import { EraseSubjectButton } from '../components/erase-subject-button';
import { ExportList } from '../components/export-list';
import { SubjectReportView } from '../components/subject-report-view';
import { SubjectSearchForm } from '../components/subject-search-form';
import { SuppressionList } from '../components/suppression-list';
import { RetentionSettings } from '../components/retention-settings';
import { retentionQueryOptions } from '../api/retention';

function PrivacyRoute() {
  return (
    <RequirePermission permission="privacy:manage">
      <title>Privacy · Hot Leads</title>
      <PrivacyPage />
    </RequirePermission>
  );
}

function PrivacyPage() {
  const [query, setQuery] = useState<SubjectQuery | null>(null);
  const subject = useSubject(query);
  const requestExport = useRequestExport();
  const exportSubject = () =>
    query &&
    requestExport.mutate(query, {
      onSuccess: () => notify('green', 'Export started', 'It appears under "Your exports" when ready.'),
      onError: (error) => notify('red', 'The export did not start', error.message),
    });
  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1}>Privacy</Title>
        <Text c="dimmed">Answer “what do you hold about me?” and “erase me”: find a person by email or phone across the whole workspace.</Text>
      </div>
      <SubjectSearchForm onSearch={setQuery} searching={subject.isFetching} />
      {query !== null &&
        (subject.isPending ? null : subject.isError ? (
          <QueryError what="this person's records" error={subject.error} retrying={subject.isFetching} onRetry={() => void subject.refetch()} />
        ) : (
          <Stack gap="md">
            <SubjectReportView report={subject.data} />
            {subject.data.records.some((r) => r.count > 0) && (
              <Group>
                <Button variant="default" onClick={exportSubject} loading={requestExport.isPending}>
                  Export as JSON
                </Button>
                <EraseSubjectButton report={subject.data} />
              </Group>
            )}
          </Stack>
        ))}
      <ExportList />
      <SuppressionList />
      <RetentionSettings />
    </Stack>
  );
}

export const page: PageFactory = (queryClient) => ({
  Component: PrivacyRoute,
  loader: () => {
    if (sessionAllows('privacy:manage')) {
      queryClient.prefetchQuery(suppressionsQueryOptions()).catch(() => undefined);
      queryClient.prefetchQuery(retentionQueryOptions()).catch(() => undefined);
    }
    return null;
  },
});
