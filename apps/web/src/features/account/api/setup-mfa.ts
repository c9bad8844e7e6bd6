import type { Schemas } from '@hotleads/api-client';
import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type MfaSetup = Schemas['MfaSetupResponseDto'];

// A new, unconfirmed authenticator secret (replacing any earlier unconfirmed one), with its QR code.
export async function setupMfa(): Promise<MfaSetup> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/mfa/setup', { body: {} }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useSetupMfa() {
  return useMutation({ mutationFn: setupMfa });
}
