import { Alert, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useId } from 'react';
import { QueryError } from '@/components/ui/query-error';
import { useCan } from '@/lib/authorization';
import { SYSTEM_REFRESH_SECONDS, useLatestAudit, useSystemReport, type AuditEntry, type QueueStats, type SystemCheck, type SystemReport } from '../api/get-system-report';
import { checkTitle, formatDuration, formatLatency, formatPercent, formatRate } from '../utils/format';

const STATUS_COLOR: Record<SystemCheck['status'], string> = { ok: 'teal', warn: 'orange', fail: 'red' };
const STATUS_TEXT: Record<SystemCheck['status'], string> = { ok: 'OK', warn: 'Warning', fail: 'Failing' };

export function SystemReportView() {
  const report = useSystemReport();
  const canReadAudit = useCan('audit:read');
  const audit = useLatestAudit(canReadAudit);

  if (report.error && !report.data) {
    return <QueryError what="the system report" error={report.error} onRetry={() => void report.refetch()} retrying={report.isFetching} />;
  }
  if (!report.data) return <ReportSkeleton />;
  const data = report.data;
  return (
    <Stack gap="lg">
      {report.error && (
        <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="The last refresh failed">
          Showing the report from {dayjs(data.checkedAt).format('HH:mm:ss')}; it is read again every {SYSTEM_REFRESH_SECONDS} seconds.
        </Alert>
      )}
      <Overview report={data} />
      <section aria-labelledby="system-checks">
        <Title order={2} fz="h3" mb="sm" id="system-checks">
          Health checks
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {data.checks.map((check) => (
            <CheckCard key={check.name} check={check} />
          ))}
        </SimpleGrid>
      </section>
      <RequestFigures report={data} />
      <QueuesTable queues={data.queues} />
      {canReadAudit && <LatestAudit entries={audit.data} error={audit.error} />}
    </Stack>
  );
}

function Overview({ report }: { report: SystemReport }) {
  const failing = report.checks.filter((c) => c.status !== 'ok');
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Badge size="lg" color={STATUS_COLOR[report.status]} variant="dot">
            {STATUS_TEXT[report.status]}
          </Badge>
          <Text fw={600}>
            {failing.length === 0 ? 'Every check passes' : `${failing.length} of ${report.checks.length} checks need a look: ${failing.map((c) => checkTitle(c.name)).join(', ')}`}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          Version {report.version}
          {report.commit ? ` (${report.commit.slice(0, 12)})` : ''} · up {formatDuration(report.uptimeSeconds)} · checked {dayjs(report.checkedAt).format('HH:mm:ss')}
        </Text>
      </Group>
    </Card>
  );
}

function CheckCard({ check }: { check: SystemCheck }) {
  const titleId = useId();
  return (
    <Card component="section" withBorder padding="md" aria-labelledby={titleId}>
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Title order={3} fz="h5" id={titleId}>
          {checkTitle(check.name)}
        </Title>
        <Badge color={STATUS_COLOR[check.status]} variant="dot">
          {STATUS_TEXT[check.status]}
        </Badge>
      </Group>
      <Text size="sm">{check.reason}</Text>
    </Card>
  );
}

function RequestFigures({ report }: { report: SystemReport }) {
  const { requests } = report;
  const figures = [
    { label: 'Request rate', value: formatRate(requests.requestsPerSecond) },
    { label: 'Server errors', value: formatPercent(requests.errorRate) },
    { label: 'Latency p95', value: formatLatency(requests.p95Seconds) },
  ];
  return (
    <section aria-labelledby="system-requests">
      {/* The window is whole minutes plus the current one so far (840-900 s for 15 minutes): rounded, the
          heading said 14 or 15 depending on the second it was read. */}
      <Title order={2} fz="h3" id="system-requests">
        Requests, last {Math.ceil(requests.windowSeconds / 60)} minutes
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {requests.requests} requests answered by the API process that served this page.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {figures.map((f) => (
          <Card key={f.label} withBorder padding="md">
            <Text size="sm" c="dimmed">
              {f.label}
            </Text>
            <Text fz="xl" fw={700}>
              {f.value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </section>
  );
}

function QueuesTable({ queues }: { queues: QueueStats[] }) {
  return (
    <section aria-labelledby="system-queues">
      <Title order={2} fz="h3" mb="sm" id="system-queues">
        Job queues
      </Title>
      {queues.length === 0 ? (
        <Text c="dimmed">No queue figures yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table striped aria-labelledby="system-queues">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queue</Table.Th>
                <Table.Th ta="right">Waiting</Table.Th>
                <Table.Th ta="right">Running</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
                <Table.Th ta="right">Oldest waiting</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queues.map((q) => (
                <Table.Tr key={q.queue}>
                  <Table.Td>{q.queue}</Table.Td>
                  <Table.Td ta="right">{q.queued}</Table.Td>
                  <Table.Td ta="right">{q.active}</Table.Td>
                  <Table.Td ta="right">{q.failed}</Table.Td>
                  <Table.Td ta="right">{q.queued > 0 ? formatDuration(q.oldestQueuedSeconds) : '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

function LatestAudit({ entries, error }: { entries?: AuditEntry[]; error: Error | null }) {
  return (
    <section aria-labelledby="system-audit">
      <Title order={2} fz="h3" mb="sm" id="system-audit">
        Latest audit entries
      </Title>
      {error ? (
        <Text c="red">The audit log could not be read: {error.message}</Text>
      ) : !entries ? (
        <Skeleton height={120} />
      ) : entries.length === 0 ? (
        <Text c="dimmed">Nothing recorded yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table aria-labelledby="system-audit">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{dayjs(e.createdAt).format('YYYY-MM-DD HH:mm:ss')}</Table.Td>
                  <Table.Td>{e.actorLabel ?? e.actorType}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td>{e.outcome}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

export function ReportSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the system report">
      <Skeleton height={64} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} height={90} />
        ))}
      </SimpleGrid>
      <Skeleton height={200} />
    </Stack>
  );
}
