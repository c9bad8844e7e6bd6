import type { Schemas } from '@hotleads/api-client';
import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// Sets the new password and signs out every session; it does not sign in.
export async function resetPassword(body: Schemas['ResetPasswordDto']): Promise<void> {
  const { error, response } = await send(api.POST('/api/v1/auth/password/reset', { body }));
  if (!response.ok) throw toApiError(response, error);
}

export function useResetPassword() {
  return useMutation({ mutationFn: resetPassword });
}
