import { Button, EmptyState } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { paths } from '@/config/paths';

export function NotFoundRoute() {
  const { pathname } = useLocation();
  return (
    <>
      <title>Page not found · Hot Leads</title>
      <EmptyState
        mt="xl"
        icon={<IconMapPinOff size={32} stroke={1.5} aria-hidden />}
        withIndicatorBackground
      >
        <EmptyState.Title order={1}>Page not found</EmptyState.Title>
        <EmptyState.Description>There is no page at {pathname}.</EmptyState.Description>
        <EmptyState.Actions>
          <Button component={Link} to={paths.status.getHref()}>
            Go to system status
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </>
  );
}
