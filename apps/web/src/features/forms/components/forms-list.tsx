import { Anchor, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, useMantineTheme } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { TYPE_LABELS } from '@/utils/lead-labels';
import type { Form } from '../api/get-forms';
import { formatDate } from '../utils/form-labels';
import { FormEnabledSwitch } from './form-enabled-switch';

const count = new Intl.NumberFormat();
// Digits of equal width, so counts line up in their column.
const NUMBERS = { fontVariantNumeric: 'tabular-nums' } as const;

// A table on wide screens, one card per form on a phone.
export function FormsList({ forms }: { forms: readonly Form[] }) {
  const wide = useWide();
  return wide ? <FormsTable forms={forms} /> : <FormCards forms={forms} />;
}

function useWide() {
  const theme = useMantineTheme();
  return useMediaQuery(`(min-width: ${theme.breakpoints.sm})`, true, { getInitialValueInEffect: false });
}

function FormsTable({ forms }: { forms: readonly Form[] }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th ta="right">Submissions</Table.Th>
            <Table.Th ta="right">Spam</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {forms.map((form) => (
            <Table.Tr key={form.id}>
              <Table.Td>
                <Anchor component={Link} to={paths.form.getHref(form.id)} fw={600}>
                  {form.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color="gray">
                  {TYPE_LABELS[form.type]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <FormEnabledSwitch form={form} label={`${form.name} enabled`} hideLabel />
              </Table.Td>
              <Table.Td ta="right" style={NUMBERS}>
                {count.format(form.submissionCount)}
              </Table.Td>
              <Table.Td ta="right" style={NUMBERS}>
                {count.format(form.spamCount)}
              </Table.Td>
              <Table.Td>{formatDate(form.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function FormCards({ forms }: { forms: readonly Form[] }) {
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {forms.map((form) => (
        <Card component="li" key={form.id} withBorder padding="md">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={4} miw={0}>
              <Anchor component={Link} to={paths.form.getHref(form.id)} fw={600}>
                {form.name}
              </Anchor>
              <Group gap="xs">
                <Badge variant="light" color="gray">
                  {TYPE_LABELS[form.type]}
                </Badge>
                <Text size="sm">Created {formatDate(form.createdAt)}</Text>
              </Group>
            </Stack>
            <FormEnabledSwitch form={form} label={`${form.name} enabled`} hideLabel />
          </Group>
          <SimpleGrid cols={2} mt="sm">
            <Text size="sm">
              <Text span fw={700}>
                {count.format(form.submissionCount)}
              </Text>{' '}
              {form.submissionCount === 1 ? 'submission' : 'submissions'}
            </Text>
            <Text size="sm">
              <Text span fw={700}>
                {count.format(form.spamCount)}
              </Text>{' '}
              spam
            </Text>
          </SimpleGrid>
        </Card>
      ))}
    </Stack>
  );
}

export function FormsListSkeleton() {
  return (
    <Stack gap="sm" aria-hidden>
      <Skeleton height={36} />
      {Array.from({ length: 4 }, (_, i) => (
        <Skeleton key={i} height={44} />
      ))}
    </Stack>
  );
}
