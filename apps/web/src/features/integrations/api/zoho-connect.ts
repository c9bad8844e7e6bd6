import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type ZohoOAuthInfo = Schemas['ZohoOAuthInfoDto'];
export type StartZohoAuthorizationInput = Schemas['StartZohoAuthorizationDto'];

// Whether this installation can connect Zoho through Zoho's sign-in (it has a public URL), and the
// redirect URI to register: fixed per installation, so cached for the session.
async function getZohoOAuthInfo(): Promise<ZohoOAuthInfo> {
  const { data, error, response } = await send(api.GET('/api/v1/integrations/zoho/oauth'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const zohoOAuthInfoQueryOptions = () => queryOptions({ queryKey: ['integrations', 'zoho', 'oauth'], queryFn: getZohoOAuthInfo, staleTime: Infinity });

export const useZohoOAuthInfo = () => useQuery(zohoOAuthInfoQueryOptions());

// Zoho's sign-in URL for a new connection or a reconnect; the caller sends the browser there.
export function useStartZohoAuthorization() {
  return useMutation({
    mutationFn: async (body: StartZohoAuthorizationInput): Promise<string> => {
      const { data, error, response } = await send(api.POST('/api/v1/integrations/zoho/authorize', { body }));
      if (!data) throw toApiError(response, error);
      return data.url;
    },
  });
}

// Leaving the app for Zoho's sign-in (a full navigation, so the component tests can watch it).
export const goToZoho = (url: string): void => window.location.assign(url);
