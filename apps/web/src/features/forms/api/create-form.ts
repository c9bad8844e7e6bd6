import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { formDetailKey } from './get-form';
import { FORM_LISTS_KEY, type Form } from './get-forms';

export type CreateFormInput = Schemas['CreateFormDto'];

export async function createForm(body: CreateFormInput): Promise<Form> {
  const { data, error, response } = await send(api.POST('/api/v1/forms', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useCreateForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createForm,
    onSuccess: (form) => {
      queryClient.setQueryData(formDetailKey(form.id), form);
      void queryClient.invalidateQueries({ queryKey: FORM_LISTS_KEY });
    },
  });
}
