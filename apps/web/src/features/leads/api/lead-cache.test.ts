import type { Schemas } from '@hotleads/api-client';
import type { InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { leadFixture, listData } from '@/features/leads/components/lead-detail/lead-fixtures';
import { createQueryClient } from '@/lib/react-query';
import { leadInSnapshot, patchLeadInCaches, restoreLeadCaches, snapshotLeadCaches } from './lead-cache';

type ListData = InfiniteData<Schemas['LeadPageDto']>;

const lead = leadFixture();
const other = leadFixture({ id: '22222222-2222-4222-8222-222222222222', name: 'Grace Hopper' });

function seeded() {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['leads', 'detail', lead.id], lead);
  queryClient.setQueryData(['leads', 'list', { status: ['unread'] }], listData([other], [lead]));
  queryClient.setQueryData(['leads', 'list', { q: 'grace' }], listData([other]));
  return queryClient;
}

const inList = (queryClient: ReturnType<typeof seeded>, filters: object, id: string) =>
  queryClient
    .getQueryData<ListData>(['leads', 'list', filters])
    ?.pages.flatMap((page) => page.data)
    .find((l) => l.id === id);

describe('lead caches', () => {
  it('patches the detail and the lead on every list page holding it, leaving other leads and lists alone', () => {
    const queryClient = seeded();
    const untouched = queryClient.getQueryData<ListData>(['leads', 'list', { q: 'grace' }]);

    patchLeadInCaches(queryClient, lead.id, { status: 'processing', tags: ['vip'] });

    expect(queryClient.getQueryData(['leads', 'detail', lead.id])).toMatchObject({ status: 'processing', tags: ['vip'], name: 'Ada Lovelace' });
    expect(inList(queryClient, { status: ['unread'] }, lead.id)).toMatchObject({ status: 'processing', tags: ['vip'] });
    expect(inList(queryClient, { status: ['unread'] }, other.id)).toEqual(other);
    // A list without the lead keeps its very object, so its table does not re-render.
    expect(queryClient.getQueryData(['leads', 'list', { q: 'grace' }])).toBe(untouched);
  });

  it('does not create a detail entry for a lead that is only in a list', () => {
    const queryClient = seeded();
    patchLeadInCaches(queryClient, other.id, { priority: 'urgent' });
    expect(queryClient.getQueryData(['leads', 'detail', other.id])).toBeUndefined();
    expect(inList(queryClient, { q: 'grace' }, other.id)?.priority).toBe('urgent');
  });

  it('restores the detail and the lists from a snapshot taken before the change', () => {
    const queryClient = seeded();
    const snapshot = snapshotLeadCaches(queryClient, lead.id);
    patchLeadInCaches(queryClient, lead.id, { status: 'archived', assigneeId: 'someone' });
    expect(inList(queryClient, { status: ['unread'] }, lead.id)?.status).toBe('archived');

    restoreLeadCaches(snapshot);

    expect(queryClient.getQueryData(['leads', 'detail', lead.id])).toEqual(lead);
    expect(inList(queryClient, { status: ['unread'] }, lead.id)).toEqual(lead);
    expect(leadInSnapshot(snapshot, lead.id)).toEqual(lead);
  });

  it('finds the lead in a list snapshot when it has no detail cached', () => {
    const queryClient = seeded();
    const snapshot = snapshotLeadCaches(queryClient, other.id);
    expect(snapshot.detail.data).toBeUndefined();
    expect(leadInSnapshot(snapshot, other.id)).toEqual(other);
  });
});
