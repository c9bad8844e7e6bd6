import { Button, Code, Paper, Skeleton, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { QueryError } from '@/components/ui/query-error';
import { notify } from '@/lib/notify';
import { useSuppressions } from '../api/get-suppressions';
import { useLiftSuppression } from '../api/lift-suppression';

const when = (iso: string) => new Date(iso).toLocaleString();

export function SuppressionList() {
  const suppressions = useSuppressions();
  const lift = useLiftSuppression();
  const liftOne = (id: string) =>
    lift.mutate(id, {
      onSuccess: () => notify('green', 'Suppression lifted', 'Intake accepts this email or phone again.'),
      onError: (error) => notify('red', 'The suppression stays', error.message),
    });
  return (
    <section aria-labelledby="suppressions-title">
      <Title order={2} size="h3" id="suppressions-title" mb="xs">
        Suppression list
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Erased people, as keyed hashes of their email or phone: intake refuses them quietly. Search for a person to see whether they are on it.
      </Text>
      {suppressions.isPending ? (
        <Skeleton h={80} />
      ) : suppressions.isError ? (
        <QueryError what="the suppression list" error={suppressions.error} retrying={suppressions.isFetching} onRetry={() => void suppressions.refetch()} />
      ) : suppressions.data.length === 0 ? (
        <Text size="sm">Nobody is suppressed.</Text>
      ) : (
        <Paper withBorder>
          <Table aria-label="Suppressed identifiers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Hash</Table.Th>
                <Table.Th>Since</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {suppressions.data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.kind}</Table.Td>
                  <Table.Td>
                    <Code>{s.subjectHash.slice(0, 16)}…</Code>
                  </Table.Td>
                  <Table.Td>{when(s.createdAt)}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="default" onClick={() => liftOne(s.id)} loading={lift.isPending && lift.variables === s.id} aria-label={`Lift the ${s.kind} suppression ${s.subjectHash.slice(0, 8)}`}>
                      Lift
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </section>
  );
}
