import type { Schemas } from '@hotleads/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { leadDetailKey, leadEventsKey, LEAD_LISTS_KEY } from '@/features/leads/api/lead-cache';
import { api, send, toApiError } from '@/lib/api-client';

export type Enrichment = Schemas['EnrichmentDto'];
export type EnrichmentSettings = Schemas['EnrichmentSettingsDto'];
export type EnrichmentProviderSettings = Schemas['EnrichmentProviderSettingsDto'];
export type UpdateEnrichmentSettings = Schemas['UpdateEnrichmentSettingsDto'];

export const ENRICHMENT_SETTINGS_KEY = ['enrichment', 'settings'] as const;
export const leadEnrichmentsKey = (leadId: string) => ['enrichment', 'lead', leadId] as const;

async function getSettings(): Promise<EnrichmentSettings> {
  const { data, error, response } = await send(api.GET('/api/v1/enrichment/settings'));
  if (!data) throw toApiError(response, error);
  return data;
}

export const useEnrichmentSettings = () => useQuery({ queryKey: ENRICHMENT_SETTINGS_KEY, queryFn: getSettings });

export function useUpdateEnrichmentSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateEnrichmentSettings): Promise<EnrichmentSettings> => {
      const { data, error, response } = await send(api.PATCH('/api/v1/enrichment/settings', { body }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (settings) => queryClient.setQueryData(ENRICHMENT_SETTINGS_KEY, settings),
  });
}

async function getLeadEnrichments(id: string): Promise<Enrichment[]> {
  const { data, error, response } = await send(api.GET('/api/v1/leads/{id}/enrichments', { params: { path: { id } } }));
  if (!data) throw toApiError(response, error);
  return data.items;
}

// While a lookup is queued the panel asks again every few seconds; then the lead itself is refreshed (its
// summary columns and timeline changed).
export function useLeadEnrichments(leadId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: leadEnrichmentsKey(leadId),
    queryFn: async () => {
      const before = queryClient.getQueryData<Enrichment[]>(leadEnrichmentsKey(leadId));
      const items = await getLeadEnrichments(leadId);
      if (before?.some((e) => e.status === 'queued') && !items.some((e) => e.status === 'queued')) {
        void queryClient.invalidateQueries({ queryKey: leadDetailKey(leadId) });
        void queryClient.invalidateQueries({ queryKey: leadEventsKey(leadId) });
        void queryClient.invalidateQueries({ queryKey: LEAD_LISTS_KEY });
      }
      return items;
    },
    refetchInterval: (query) => (query.state.data?.some((e) => e.status === 'queued') ? 3000 : false),
  });
}

export function useEnrichLead(leadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (force: boolean) => {
      const { data, error, response } = await send(
        api.POST('/api/v1/leads/{id}/enrich', {
          params: { path: { id: leadId } },
          body: { force },
        }),
      );
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadEnrichmentsKey(leadId) }),
  });
}
