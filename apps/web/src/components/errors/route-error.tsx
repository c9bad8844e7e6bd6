import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';

function describe(error: unknown): string {
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`;
  if (error instanceof Error) return error.message;
  return 'Unknown error';
}

// Last resort for errors a page did not handle, e.g. a page's code that failed to download after a release.
export function RouteError() {
  const error = useRouteError();
  return (
    <Center mih="100vh" p="md">
      <Stack align="center" gap="sm" maw={560}>
        <Title order={1}>Something went wrong</Title>
        <Text ta="center">This page failed to load. Reloading usually fixes it; if not, tell your administrator.</Text>
        <Code>{describe(error)}</Code>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </Stack>
    </Center>
  );
}
