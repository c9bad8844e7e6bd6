import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { formDetailKey } from './get-form';
import { FORM_LISTS_KEY, type Form } from './get-forms';

export type UpdateFormInput = Schemas['UpdateFormDto'];

export async function updateForm({ id, change }: { id: string; change: UpdateFormInput }): Promise<Form> {
  const { data, error, response } = await send(api.PATCH('/api/v1/forms/{id}', { params: { path: { id } }, body: change }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useUpdateForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateForm,
    onSuccess: (form) => {
      // The answer is the form as it now is; the list shows some of the same fields (and counts to refresh).
      queryClient.setQueryData(formDetailKey(form.id), form);
      queryClient.setQueryData<Form[]>(FORM_LISTS_KEY, (forms) => forms?.map((f) => (f.id === form.id ? form : f)));
      void queryClient.invalidateQueries({ queryKey: FORM_LISTS_KEY });
    },
  });
}
