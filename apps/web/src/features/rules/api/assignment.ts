import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type AssignmentSettings = Schemas['AssignmentSettingsDto'];
export type AssignmentRule = Schemas['AssignmentRuleDto'];
export type CreateAssignmentRule = Schemas['CreateAssignmentRuleDto'];
export type UpdateAssignmentRule = Schemas['UpdateAssignmentRuleDto'];
export type AssignmentPreview = Schemas['AssignmentPreviewDto'];

export const ASSIGNMENT_KEY = ['rules', 'assignment'] as const;
export const ASSIGNMENT_PREVIEW_KEY = ['rules', 'assignment', 'preview'] as const;

export const assignmentQueryOptions = () =>
  queryOptions({
    queryKey: ASSIGNMENT_KEY,
    queryFn: async (): Promise<AssignmentSettings> => {
      const { data, error, response } = await send(api.GET('/api/v1/settings/assignment'));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });

export const useAssignmentSettings = () => useQuery(assignmentQueryOptions());

// Who the rules as they are now would have given the last 100 leads to; read again after every change.
export const useAssignmentPreview = () =>
  useQuery({
    queryKey: ASSIGNMENT_PREVIEW_KEY,
    queryFn: async (): Promise<AssignmentPreview> => {
      const { data, error, response } = await send(api.GET('/api/v1/settings/assignment/preview'));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });

function useRefresh() {
  const queryClient = useQueryClient();
  // The preview's key is under the settings' key: one invalidation reads both again.
  return () => queryClient.invalidateQueries({ queryKey: ASSIGNMENT_KEY });
}

export function useCreateAssignmentRule() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: CreateAssignmentRule): Promise<AssignmentRule> => {
      const { data, error, response } = await send(api.POST('/api/v1/settings/assignment-rules', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: refresh,
  });
}

export function useUpdateAssignmentRule() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, change }: { id: string; change: UpdateAssignmentRule }): Promise<AssignmentRule> => {
      const { data, error, response } = await send(api.PATCH('/api/v1/settings/assignment-rules/{id}', { params: { path: { id } }, body: change }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: refresh,
  });
}

export function useDeleteAssignmentRule() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      const { error, response } = await send(api.DELETE('/api/v1/settings/assignment-rules/{id}', { params: { path: { id } } }));
      if (!response.ok) throw toApiError(response, error);
    },
    onSuccess: refresh,
  });
}

export function useUpdateTimeZone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (timeZone: string): Promise<AssignmentSettings> => {
      const { data, error, response } = await send(api.PATCH('/api/v1/settings/assignment', { body: { timeZone } }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ASSIGNMENT_KEY }),
  });
}
