import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type SsoSettings = Schemas['SsoSettingsDto'];
export type SsoSettingsChange = Schemas['UpdateSsoSettingsDto'];
export type SsoTestResult = Schemas['SsoTestResultDto'];
export type SsoWorkspace = Schemas['SsoWorkspaceDto'];

export const SSO_SETTINGS_KEY = ['settings', 'sso'] as const;

async function getSsoSettings(): Promise<SsoSettings> {
  const { data, error, response } = await send(api.GET('/api/v1/settings/sso'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const useSsoSettings = () => useQuery({ queryKey: SSO_SETTINGS_KEY, queryFn: getSsoSettings });

export function useSaveSsoSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SsoSettingsChange): Promise<SsoSettings> => {
      const { data, error, response } = await send(api.PUT('/api/v1/settings/sso', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (saved) => queryClient.setQueryData(SSO_SETTINGS_KEY, saved),
  });
}

export function useRemoveSsoSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<void> => {
      const { error, response } = await send(api.DELETE('/api/v1/settings/sso'));
      if (!response.ok) throw toApiError(response, error);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SSO_SETTINGS_KEY }),
  });
}

export async function startSsoTest(): Promise<Schemas['SsoTestStartDto']> {
  const { data, error, response } = await send(api.POST('/api/v1/settings/sso/test'));
  if (!data) throw toApiError(response, error);
  return data;
}

export async function getSsoTestResult(id: string): Promise<SsoTestResult> {
  const { data, error, response } = await send(api.GET('/api/v1/settings/sso/test/{id}', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data;
}

// Public: what the sign-in page offers for a workspace; null when it has no single sign-on.
// On a workspace's own host (BASE_DOMAIN) the host names the workspace.
export async function getHostSso(): Promise<SsoWorkspace | null> {
  const { data, error, response } = await send(api.GET('/api/v1/auth/sso/by-host'));
  if (!data) throw toApiError(response, error);
  return data.offer;
}

export async function getSsoWorkspace(workspace: string): Promise<SsoWorkspace | null> {
  const { data, error, response } = await send(api.GET('/api/v1/auth/sso/{workspace}', { params: { path: { workspace } } }));
  if (response.status === 404) return null;
  if (!data) throw toApiError(response, error);
  return data;
}
