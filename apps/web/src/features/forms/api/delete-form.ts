import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { formDetailKey } from './get-form';
import { FORM_LISTS_KEY, type Form } from './get-forms';

export async function deleteForm(id: string): Promise<void> {
  const { error, response } = await send(api.DELETE('/api/v1/forms/{id}', { params: { path: { id } } }));
  if (!response.ok) throw toApiError(response, error);
}

export function useDeleteForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteForm,
    // Nothing awaited, and the open form's own query only marked stale (not refetched, not removed): the
    // caller on that form's page must stay mounted to navigate away and say so.
    onSuccess: (_, id) => {
      queryClient.setQueryData<Form[]>(FORM_LISTS_KEY, (forms) => forms?.filter((f) => f.id !== id));
      void queryClient.invalidateQueries({ queryKey: FORM_LISTS_KEY });
      void queryClient.invalidateQueries({ queryKey: formDetailKey(id), refetchType: 'none' });
    },
  });
}
