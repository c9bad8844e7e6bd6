import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// New recovery codes for a current authenticator code; the old ones stop working.
export async function regenerateRecoveryCodes(code: string): Promise<string[]> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/mfa/recovery-codes', { body: { code } }));
  if (!data) throw toApiError(response, error);
  return data.recoveryCodes;
}

export function useRegenerateRecoveryCodes() {
  return useMutation({ mutationFn: regenerateRecoveryCodes });
}
