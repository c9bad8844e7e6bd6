import type { Schemas } from '@hotleads/api-client';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type DuplicatePair = Schemas['DuplicatePairDto'];
export type DuplicateReason = DuplicatePair['reason'];

export const DUPLICATES_KEY = ['leads', 'duplicates'] as const;
const PAGE = 25;

export const duplicatesQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: DUPLICATES_KEY,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error, response } = await send(api.GET('/api/v1/leads/duplicates', { params: { query: { limit: PAGE, cursor: pageParam } }, signal }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useDuplicates = () => useInfiniteQuery(duplicatesQueryOptions());

// Why a pair is listed, in words; the API's `matchedOn` says which contact matched.
export function reasonLabel(pair: Pick<DuplicatePair, 'reason' | 'matchedOn' | 'match'>): string {
  switch (pair.reason) {
    case 'closed_match':
      return `Same ${pair.matchedOn === 'email' ? 'email' : 'phone'} as ${pair.match.status === 'converted' ? 'a converted' : 'an archived'} lead`;
    case 'same_name_company':
      return 'Same name and company, other contacts';
    case 'email_alias':
      return 'Same Gmail address (dots or +tag differ)';
  }
}
