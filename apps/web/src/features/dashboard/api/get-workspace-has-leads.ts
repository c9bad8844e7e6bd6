import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

// Whether the workspace holds any lead at all (the trash aside). The stats only cover a period, so this tells
// a brand new workspace (show how to get leads in) from a quiet period (show zeros).
export async function getWorkspaceHasLeads(): Promise<boolean> {
  const { data, error, response } = await send(api.GET('/api/v1/leads', { params: { query: { limit: 1 } } }));
  if (!data) throw toApiError(response, error);
  return data.data.length > 0;
}

// Not under ['leads', 'list']: list pages reshape those entries on live events.
export const workspaceHasLeadsQueryOptions = () =>
  queryOptions({ queryKey: ['dashboard', 'workspace-has-leads'], queryFn: getWorkspaceHasLeads, staleTime: 0 });

// Asked only when the period has no leads; until then the answer does not matter.
export function useWorkspaceHasLeads(enabled: boolean) {
  return useQuery({ ...workspaceHasLeadsQueryOptions(), enabled });
}
