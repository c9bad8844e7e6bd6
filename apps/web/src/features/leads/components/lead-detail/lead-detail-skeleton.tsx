import { Group, Skeleton, Stack } from '@mantine/core';

export function LeadDetailSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the lead" data-testid="lead-detail-skeleton">
      <Group justify="space-between">
        <Skeleton h={28} w="55%" />
        <Skeleton h={28} w={28} circle />
      </Group>
      <Group gap="xs">
        <Skeleton h={22} w={80} radius="xl" />
        <Skeleton h={22} w={120} radius="xl" />
      </Group>
      <Skeleton h={30} />
      <Skeleton h={120} />
      <Skeleton h={160} />
    </Stack>
  );
}
