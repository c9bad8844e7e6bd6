import { Skeleton, Stack, VisuallyHidden } from '@mantine/core';

// While a page's code or first data loads: the same outline as a page, so nothing jumps when it arrives.
export function PageSkeleton() {
  return (
    <Stack gap="md" aria-busy="true">
      <VisuallyHidden>Loading…</VisuallyHidden>
      <Skeleton height={34} width="40%" />
      <Skeleton height={18} width="60%" />
      <Skeleton height={240} />
    </Stack>
  );
}
