import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useRouteError } from 'react-router';
import { isChunkLoadError } from '@/lib/load-chunk';

// A page that failed inside the signed-in app: said in place of the page, with the header and navigation
// still there. Its code failing to download (after retries) usually means a new version is out.
export function PageError() {
  const error = useRouteError();
  return <PageErrorNotice chunk={isChunkLoadError(error)} />;
}

export function PageErrorNotice({ chunk }: { chunk: boolean }) {
  return (
    <Alert color={chunk ? 'blue' : 'red'} title={chunk ? 'This page could not be loaded' : 'Something went wrong on this page'} role="alert" maw={640}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {chunk
            ? 'Its code did not download, even after trying again. A new version of Hot Leads may be out, or the connection dropped.'
            : 'The rest of the app still works. Reloading usually fixes this; if not, tell your administrator.'}
        </Text>
        <Button leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => window.location.reload()}>
          {chunk ? 'Reload to get the new version' : 'Reload the page'}
        </Button>
      </Stack>
    </Alert>
  );
}
