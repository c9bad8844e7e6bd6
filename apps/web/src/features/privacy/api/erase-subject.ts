import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import { SUBJECTS_KEY } from './search-subject';
import { SUPPRESSIONS_KEY } from './get-suppressions';

export type ErasureResult = Schemas['ErasureResultDto'];
export type EraseSubjectInput = Schemas['EraseSubjectDto'];

export async function eraseSubject(body: EraseSubjectInput): Promise<ErasureResult> {
  const { data, error, response } = await send(api.POST('/api/v1/privacy/subjects/erase', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useEraseSubject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: eraseSubject,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: SUBJECTS_KEY });
      void queryClient.invalidateQueries({ queryKey: SUPPRESSIONS_KEY });
    },
  });
}
