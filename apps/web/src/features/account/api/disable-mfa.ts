import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { reloadSession } from '@/lib/session';

// Needs the password and a current code (or a recovery code); refused while the workspace requires MFA.
export async function disableMfa(body: Schemas['MfaDisableDto']): Promise<void> {
  const { error, response } = await send(api.POST('/api/v1/auth/mfa/disable', { body }));
  if (!response.ok) throw toApiError(response, error);
}

export function useDisableMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableMfa,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['account'] });
      await reloadSession();
    },
  });
}
