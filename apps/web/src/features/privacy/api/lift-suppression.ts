import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { SUBJECTS_KEY } from './search-subject';
import { SUPPRESSIONS_KEY } from './get-suppressions';

export async function liftSuppression(id: string): Promise<void> {
  const { error, response } = await send(api.DELETE('/api/v1/privacy/suppressions/{id}', { params: { path: { id } } }));
  if (!response.ok) throw toApiError(response, error);
}

export function useLiftSuppression() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: liftSuppression,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: SUPPRESSIONS_KEY });
      void queryClient.invalidateQueries({ queryKey: SUBJECTS_KEY });
    },
  });
}
