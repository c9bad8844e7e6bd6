import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { paths } from '@/config/paths';

const COPY = {
  invitation: {
    title: 'This invitation link does not work',
    detail:
      'It is incomplete, has expired (invitations last 7 days) or was already used. Ask the person who invited you to send a new one. If you already joined, sign in instead.',
  },
  reset: {
    title: 'This reset link does not work',
    detail: 'It is incomplete, has expired (reset links last 30 minutes) or was already used. Ask for a new one below.',
  },
} as const;

// An emailed link that cannot be used: why that may be, and what to do next.
export function InvalidLink({ kind }: { kind: keyof typeof COPY }) {
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {COPY[kind].title}
      </Title>
      <Alert color="red" role="alert" icon={<IconLinkOff aria-hidden />}>
        <Text size="sm">{COPY[kind].detail}</Text>
      </Alert>
      {kind === 'reset' ? (
        <>
          <Button component={Link} to={paths.forgotPassword.getHref()} fullWidth>
            Request a new link
          </Button>
          <Anchor component={Link} to={paths.signIn.getHref()} size="sm" ta="center">
            Back to sign in
          </Anchor>
        </>
      ) : (
        <Button component={Link} to={paths.signIn.getHref()} variant="default" fullWidth>
          Go to sign in
        </Button>
      )}
    </Stack>
  );
}
