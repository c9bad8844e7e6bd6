import type { Schemas } from '@hotleads/api-client';
import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// The API answers the same whether or not the address has an account, so nobody can probe for one.
export async function requestPasswordReset(body: Schemas['ForgotPasswordDto']): Promise<void> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/password/forgot', { body }));
  if (!data) throw toApiError(response, error);
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
