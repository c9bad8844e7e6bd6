import type { Schemas } from '@hotleads/api-client';
import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { reloadSession } from '@/lib/session';

export type ProfileChange = Schemas['UpdateProfileDto'];

// Any signed-in user may rename themselves; the answer is the account as GET /auth/me reads it.
export async function updateProfile(change: ProfileChange): Promise<Schemas['MeResponseDto']> {
  const { data, error, response } = await send(api.PATCH('/api/v1/auth/me', { body: change }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useUpdateProfile() {
  return useMutation({
    mutationFn: updateProfile,
    // The header and this page read the name from the session. The name is saved even if this read fails,
    // so that failure must not show as a failed save; the next page load catches up.
    onSuccess: () => reloadSession().catch(() => undefined),
  });
}
