import { Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { PageFactory } from '@/app/lazy-page';
import { RequirePermission } from '@/components/auth/require-permission';
import { QueryError } from '@/components/ui/query-error';
import { sessionAllows } from '@/lib/authorization';
import { notify } from '@/lib/notify';
import { useExportAuditLogs } from '../api/export-audit-logs';
import { auditLogsQueryOptions, useAuditLogs, type AuditLogEntry } from '../api/get-audit-logs';
import { AuditEntryDrawer } from '../components/audit-entry-drawer';
import { AuditFiltersForm } from '../components/audit-filters-form';
import { AuditLogTable } from '../components/audit-log-table';
import { hasAuditFilters, readAuditFilters, writeAuditFilters, type AuditFilters } from '../utils/audit-filters';

function TableSkeleton() {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading the audit log">
      {Array.from({ length: 8 }, (_, index) => (
        <Skeleton key={index} height={32} />
      ))}
    </Stack>
  );
}

function AuditLog() {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  // Re-read only when the URL's filters change, so the query key stays put between renders.
  const filters = useMemo(() => readAuditFilters(new URLSearchParams(search)), [search]);
  const list = useAuditLogs(filters);
  const exporter = useExportAuditLogs();
  const [selected, setSelected] = useState<AuditLogEntry>();
  const [drawerOpened, setDrawerOpened] = useState(false);

  // Each change merges into the filters in the URL as it is now (a typed filter may apply after a picked one).
  const changeFilters = (patch: Partial<AuditFilters>) =>
    void setSearchParams((current) => writeAuditFilters({ ...readAuditFilters(current), ...patch }), { replace: true });

  const entries = list.data?.pages.flatMap((page) => page.data) ?? [];

  const onExport = () =>
    exporter.mutate(filters, {
      onSuccess: ({ name }) => notify('green', 'Export ready', `${name} is downloading.`),
      onError: (error) => notify('red', 'Export failed', error.message),
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1}>Audit log</Title>
          <Text c="dimmed" mt={4}>
            Every sign-in and every change in this workspace: who, what, when and from where.
          </Text>
        </div>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={() => void list.refetch()}
            loading={list.isRefetching}
          >
            Refresh
          </Button>
          <Button leftSection={<IconDownload size={16} aria-hidden />} onClick={onExport} loading={exporter.isPending}>
            Export CSV
          </Button>
        </Group>
      </Group>

      <AuditFiltersForm filters={filters} onChange={changeFilters} />

      {list.isError && !list.data ? (
        <QueryError what="the audit log" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : list.isPending ? (
        <TableSkeleton />
      ) : entries.length === 0 ? (
        <Paper withBorder p="xl" ta="center">
          <Text fw={500}>{hasAuditFilters(filters) ? 'No entries match these filters' : 'The audit log is empty'}</Text>
          {hasAuditFilters(filters) && (
            <Text size="sm" c="dimmed" mt={4}>
              Try a wider time range, or a prefix such as auth.* for the action.
            </Text>
          )}
        </Paper>
      ) : (
        <Paper withBorder aria-busy={list.isPlaceholderData} style={{ opacity: list.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}>
          <AuditLogTable
            entries={entries}
            onOpen={(entry) => {
              setSelected(entry);
              setDrawerOpened(true);
            }}
          />
        </Paper>
      )}

      {entries.length > 0 && (
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" role="status">
            {list.hasNextPage
              ? `Showing the latest ${entries.length} entries`
              : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, all shown`}
          </Text>
          {list.hasNextPage && (
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Load more
            </Button>
          )}
        </Group>
      )}
      {list.isFetchNextPageError && (
        <QueryError what="more entries" error={list.error} onRetry={() => void list.fetchNextPage()} retrying={list.isFetchingNextPage} />
      )}

      <AuditEntryDrawer entry={selected} opened={drawerOpened} onClose={() => setDrawerOpened(false)} onFilter={changeFilters} />
    </Stack>
  );
}

function AuditLogRoute() {
  return (
    <RequirePermission permission="audit:read">
      <title>Audit log · Hot Leads</title>
      <AuditLog />
    </RequirePermission>
  );
}

// Starts reading the first page (for the URL's filters) while the page's code loads, once signed in (on a fresh
// page load the session is still being restored: the page reads it itself) and only for those allowed to.
export const page: PageFactory = (queryClient) => ({
  Component: AuditLogRoute,
  loader: ({ request }) => {
    if (sessionAllows('audit:read')) {
      queryClient.prefetchInfiniteQuery(auditLogsQueryOptions(readAuditFilters(new URL(request.url).searchParams))).catch(() => undefined);
    }
    return null;
  },
});
