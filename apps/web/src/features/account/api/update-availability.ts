import type { Schemas } from '@hotleads/api-client';
import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { reloadSession } from '@/lib/session';

// Away users get no leads from assignment rules; the answer is the account as GET /auth/me reads it.
export async function updateAvailability(change: Schemas['UpdateAvailabilityDto']): Promise<Schemas['MeResponseDto']> {
  const { data, error, response } = await send(api.PATCH('/api/v1/auth/me/availability', { body: change }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useUpdateAvailability() {
  return useMutation({
    mutationFn: updateAvailability,
    onSuccess: () => reloadSession().catch(() => undefined),
  });
}
