import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LEAD_LISTS_KEY } from '@/features/leads/api/lead-cache';
import { api, send, toApiError } from '@/lib/api-client';

export type ScoringSettings = Schemas['ScoringSettingsDto'];
export type ScoringRule = Schemas['ScoringRuleDto'];
export type CreateScoringRule = Schemas['CreateScoringRuleDto'];
export type UpdateScoringRule = Schemas['UpdateScoringRuleDto'];
export type ScoringPreviewInput = Schemas['ScoringPreviewDto'];
export type ScoringPreview = Schemas['ScoringPreviewResultDto'];

export const SCORING_KEY = ['rules', 'scoring'] as const;

const rescoring = (s: ScoringSettings | undefined) => s?.rescore.status === 'queued' || s?.rescore.status === 'running';

export const scoringQueryOptions = () =>
  queryOptions({
    queryKey: SCORING_KEY,
    queryFn: async (): Promise<ScoringSettings> => {
      const { data, error, response } = await send(api.GET('/api/v1/settings/scoring'));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });

// While every lead is being scored again the page asks for the progress every second and a half; when it
// ends, lists are read again (their scores moved).
export function useScoringSettings() {
  const queryClient = useQueryClient();
  return useQuery({
    ...scoringQueryOptions(),
    queryFn: async (context) => {
      const before = queryClient.getQueryData<ScoringSettings>(SCORING_KEY);
      const next = await scoringQueryOptions().queryFn!(context);
      if (rescoring(before) && !rescoring(next)) void queryClient.invalidateQueries({ queryKey: LEAD_LISTS_KEY });
      return next;
    },
    refetchInterval: (query) => (rescoring(query.state.data) ? 1500 : false),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: SCORING_KEY });
}

export function useCreateScoringRule() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: CreateScoringRule): Promise<ScoringRule> => {
      const { data, error, response } = await send(api.POST('/api/v1/settings/scoring-rules', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: refresh,
  });
}

export function useUpdateScoringRule() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ id, change }: { id: string; change: UpdateScoringRule }): Promise<ScoringRule> => {
      const { data, error, response } = await send(api.PATCH('/api/v1/settings/scoring-rules/{id}', { params: { path: { id } }, body: change }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: refresh,
  });
}

export function useDeleteScoringRule() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      const { error, response } = await send(api.DELETE('/api/v1/settings/scoring-rules/{id}', { params: { path: { id } } }));
      if (!response.ok) throw toApiError(response, error);
    },
    onSuccess: refresh,
  });
}

export function useUpdateDecay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (decayPerDay: number): Promise<ScoringSettings> => {
      const { data, error, response } = await send(api.PATCH('/api/v1/settings/scoring', { body: { decayPerDay } }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (settings) => queryClient.setQueryData(SCORING_KEY, settings),
  });
}

export function useScoringPreview() {
  return useMutation({
    mutationFn: async (body: ScoringPreviewInput): Promise<ScoringPreview> => {
      const { data, error, response } = await send(api.POST('/api/v1/settings/scoring/preview', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });
}
