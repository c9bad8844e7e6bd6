import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { reloadSession } from '@/lib/session';

// Confirms the authenticator with one of its codes; answers the recovery codes, shown once.
export async function enableMfa(code: string): Promise<string[]> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/mfa/enable', { body: { code } }));
  if (!data) throw toApiError(response, error);
  return data.recoveryCodes;
}

export function useEnableMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: enableMfa,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['account'] });
      // The session's user says whether MFA is on.
      await reloadSession();
    },
  });
}
