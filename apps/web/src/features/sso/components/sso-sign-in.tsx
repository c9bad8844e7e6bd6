import { isSsoErrorCode, SSO_ERRORS } from '@hotleads/shared';
import { Alert, Button, Divider, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getHostSso, getSsoWorkspace, type SsoWorkspace } from '../api/sso';

const LAST_WORKSPACE_KEY = 'hotleads-sso-workspace';

function lastWorkspace(): string | null {
  try {
    return localStorage.getItem(LAST_WORKSPACE_KEY);
  } catch {
    return null;
  }
}

function rememberWorkspace(id: string | null): void {
  try {
    if (id) localStorage.setItem(LAST_WORKSPACE_KEY, id);
    else localStorage.removeItem(LAST_WORKSPACE_KEY);
  } catch {
    // Storage may be disabled; the link with ?workspace= still works.
  }
}

// Why the last single sign-on failed (`sso_error`, sent back by the API), in plain words.
export function SsoError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title="Single sign-on did not sign you in" mb="md">
      {isSsoErrorCode(error) ? SSO_ERRORS[error] : SSO_ERRORS.invalid_response}
    </Alert>
  );
}

// The sign-in page's single sign-on button on a shared host: the workspace comes from the link staff were
// given (`/sign-in?workspace=<id>`) or from the last one used in this browser.
export function SsoSignIn({ workspace }: { workspace: string | null }) {
  const wanted = workspace ?? lastWorkspace();
  const found = useQuery({ queryKey: ['sso', 'workspace', wanted], queryFn: () => getSsoWorkspace(wanted!), enabled: Boolean(wanted), retry: false });

  useEffect(() => {
    if (found.data) rememberWorkspace(found.data.workspaceId);
    else if (found.data === null && wanted === lastWorkspace()) rememberWorkspace(null);
  }, [found.data, wanted]);

  return found.data ? <SsoButton offer={found.data} /> : null;
}

// On a workspace's own host (BASE_DOMAIN): that workspace's single sign-on, whatever the link says.
export function HostSsoSignIn() {
  const found = useQuery({ queryKey: ['sso', 'host'], queryFn: getHostSso, retry: false, staleTime: 60_000 });
  return found.data ? <SsoButton offer={found.data} /> : null;
}

function SsoButton({ offer }: { offer: SsoWorkspace }) {
  return (
    <Stack gap="md" mt="md">
      <Divider label="or" labelPosition="center" />
      <Button component="a" href={offer.startUrl} variant="default" fullWidth>
        Sign in with {offer.providerName}
      </Button>
      <Text size="xs" c="dimmed" ta="center">
        Workspace: {offer.workspaceName}
      </Text>
    </Stack>
  );
}
