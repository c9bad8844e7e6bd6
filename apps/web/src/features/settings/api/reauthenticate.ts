import type { Schemas } from '@hotleads/api-client';
import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// Confirms the password again: the API then accepts changes to authentication settings for 15 minutes.
export async function reauthenticate(body: Schemas['ReauthenticateDto']): Promise<void> {
  const { error, response } = await send(api.POST('/api/v1/auth/reauthenticate', { body }));
  if (!response.ok) throw toApiError(response, error);
}

export function useReauthenticate() {
  return useMutation({ mutationFn: reauthenticate });
}
