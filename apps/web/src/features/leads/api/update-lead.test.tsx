import type { Schemas } from '@hotleads/api-client';
import { act, renderHook, screen, waitFor } from '@testing-library/react';
import type { InfiniteData } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { leadFixture, listData } from '@/features/leads/components/lead-detail/lead-fixtures';
import { createQueryClient } from '@/lib/react-query';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { useUpdateLead, type LeadConflict } from './update-lead';

type LeadDto = Schemas['LeadDto'];
type ListData = InfiniteData<Schemas['LeadPageDto']>;

const lead = leadFixture({ status: 'unread', version: 4 });
const LIST_KEY = ['leads', 'list', { status: ['unread'] }];

function setup(onConflict?: (conflict: LeadConflict) => void) {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['leads', 'detail', lead.id], lead);
  queryClient.setQueryData(LIST_KEY, listData([lead]));
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AppProvider queryClient={queryClient} env="test">
      {children}
    </AppProvider>
  );
  const { result } = renderHook(() => useUpdateLead({ onConflict }), { wrapper });
  const detail = () => queryClient.getQueryData<LeadDto>(['leads', 'detail', lead.id]);
  const listed = () => queryClient.getQueryData<ListData>(LIST_KEY)?.pages[0].data[0];
  return { queryClient, result, detail, listed };
}

// A fetch stub whose PATCH answer the test releases when it wants, to look at the caches meanwhile.
function deferredPatch() {
  let answer!: (response: Response) => void;
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(requestedUrl(input));
    requests.push(request);
    return new Promise<Response>((resolve) => {
      answer = resolve;
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, answer: (response: Response) => answer(response) };
}

describe('useUpdateLead', () => {
  it('shows the change at once, sends If-Match, and keeps the server lead on success', async () => {
    const patch = deferredPatch();
    const { result, detail, listed } = setup();

    act(() => result.current.mutate({ id: lead.id, version: lead.version, changes: { status: 'processing' } }));

    await waitFor(() => expect(detail()?.status).toBe('processing'));
    expect(listed()?.status).toBe('processing');
    await waitFor(() => expect(patch.requests).toHaveLength(1));
    const [request] = patch.requests;
    expect(request.method).toBe('PATCH');
    expect(request.headers.get('if-match')).toBe('"4"');
    expect(await request.clone().json()).toEqual({ status: 'processing' });

    patch.answer(jsonResponse({ ...lead, status: 'processing', version: 5, respondBy: null }, 200, { etag: '"5"' }));

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(detail()).toMatchObject({ status: 'processing', version: 5, respondBy: null });
    expect(listed()).toMatchObject({ status: 'processing', version: 5 });
  });

  it('rolls back and says which moves are allowed when the API refuses a status change', async () => {
    const patch = deferredPatch();
    const { result, detail, listed } = setup();

    act(() => result.current.mutate({ id: lead.id, version: lead.version, changes: { status: 'converted' } }));
    await waitFor(() => expect(detail()?.status).toBe('converted'));
    await waitFor(() => expect(patch.requests).toHaveLength(1));

    patch.answer(
      problemResponse(409, {
        code: 'invalid_status_transition',
        title: 'This status change is not allowed',
        detail: 'A lead cannot move from unread to converted.',
        from: 'unread',
        to: 'converted',
        allowed: ['processing', 'archived'],
      }),
    );

    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(detail()).toEqual(lead);
    expect(listed()).toEqual(lead);
    expect(await screen.findByText('The change was not saved')).toBeInTheDocument();
    expect(screen.getByText('A lead cannot move from unread to converted. From unread it can move to processing or archived.')).toBeInTheDocument();
  });

  it('rolls back a refused field with the problem detail and the field errors', async () => {
    const patch = deferredPatch();
    const { result, detail } = setup();

    act(() => result.current.mutate({ id: lead.id, version: lead.version, changes: { email: 'not-an-email' } }));
    await waitFor(() => expect(detail()?.email).toBe('not-an-email'));
    await waitFor(() => expect(patch.requests).toHaveLength(1));
    patch.answer(problemResponse(422, { code: 'validation_failed', detail: 'The request is invalid', errors: [{ field: 'email', message: 'must be an email' }] }));

    await waitFor(() => expect(detail()?.email).toBe('ada@example.test'));
    expect(await screen.findByText('The request is invalid: email must be an email')).toBeInTheDocument();
  });

  it('hands a 412 to onConflict with the change and the lead as it was shown, without a toast', async () => {
    const patch = deferredPatch();
    const onConflict = vi.fn();
    const { result, detail } = setup(onConflict);

    act(() => result.current.mutate({ id: lead.id, version: lead.version, changes: { priority: 'urgent' } }));
    await waitFor(() => expect(patch.requests).toHaveLength(1));
    patch.answer(problemResponse(412, { code: 'precondition_failed', detail: 'Someone changed this lead after you loaded it.', currentVersion: 5 }));

    await waitFor(() => expect(onConflict).toHaveBeenCalledTimes(1));
    expect(onConflict).toHaveBeenCalledWith({ id: lead.id, changes: { priority: 'urgent' }, base: lead });
    expect(result.current.error).toMatchObject({ status: 412, code: 'precondition_failed' });
    expect(detail()).toEqual(lead);
    expect(screen.queryByText('The change was not saved')).not.toBeInTheDocument();
  });

  it('sends a second quick edit with the version the first one produced, not as a conflict', async () => {
    const patch = deferredPatch();
    const { result, detail } = setup();

    act(() => {
      result.current.mutate({ id: lead.id, version: 4, changes: { priority: 'high' } });
      result.current.mutate({ id: lead.id, version: 4, changes: { tags: ['vip'] } });
    });
    // Both show at once; the second waits for the first one's answer.
    await waitFor(() => expect(detail()).toMatchObject({ priority: 'high', tags: ['vip'] }));
    await waitFor(() => expect(patch.requests).toHaveLength(1));

    patch.answer(jsonResponse({ ...lead, priority: 'high', version: 5 }));
    await waitFor(() => expect(patch.requests).toHaveLength(2));
    // The first answer did not wipe the second edit off the screen.
    expect(detail()).toMatchObject({ priority: 'high', tags: ['vip'], version: 5 });
    expect(patch.requests[1].headers.get('if-match')).toBe('"5"');

    patch.answer(jsonResponse({ ...lead, priority: 'high', tags: ['vip'], version: 6 }));
    await waitFor(() => expect(detail()?.version).toBe(6));
  });
});
