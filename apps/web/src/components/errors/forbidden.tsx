import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';

// Shown in place of a page the signed-in user's role does not allow, e.g. after following a shared link.
export function Forbidden({ permission }: { permission: string }) {
  return (
    <Center mih="60vh">
      <Stack align="center" gap="sm" maw={520}>
        <title>Not allowed · Hot Leads</title>
        <IconLock size={40} stroke={1.5} aria-hidden />
        <Title order={1}>You don't have access to this page</Title>
        <Text ta="center">
          Your role does not include the <strong>{permission}</strong> permission. Ask an owner or administrator of
          this workspace if you need it.
        </Text>
        <Button component={Link} to={paths.dashboard.getHref()} variant="light">
          Go to the dashboard
        </Button>
      </Stack>
    </Center>
  );
}
