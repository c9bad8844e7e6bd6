import type { Schemas } from '@hotleads/api-client';
import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// A new workspace and its owner. The API answers the same whether or not the address already has an
// account (that owner is emailed instead), so the page only ever says "check your email".
export async function signUp(body: Schemas['SignupDto']): Promise<void> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/signup', { body }));
  if (!data) throw toApiError(response, error);
}

export function useSignUp() {
  return useMutation({ mutationFn: signUp });
}
