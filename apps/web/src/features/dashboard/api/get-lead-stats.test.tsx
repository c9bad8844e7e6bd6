import type { Schemas } from '@hotleads/api-client';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLL_INTERVAL_MS } from '@/hooks/use-live-updates';
import { ApiError } from '@/lib/api-client';
import { createQueryClient } from '@/lib/react-query';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { leadStatsQueryOptions, useLeadStats } from './get-lead-stats';

const NOW = new Date('2026-03-10T15:00:00.000Z');

const stats = (total: number): Schemas['LeadStatsDto'] => ({
  from: '2026-03-03T15:00:00.000Z',
  to: NOW.toISOString(),
  total,
  byStatus: { unread: total, processing: 0, contacted: 0, qualified: 0, converted: 0, archived: 0 },
  byPriority: { low: 0, medium: total, high: 0, urgent: 0 },
  bySource: { api: total },
  byType: { contact: total, cv_request: 0, collaboration: 0, custom: 0 },
  velocity: { last24h: total, previous24h: 0, last7d: total, previous7d: 0 },
  conversionRate: 0,
  contactedRate: 0,
  timeToFirstContact: { medianSeconds: null, p90Seconds: null, sampleSize: 0 },
  openSlaBreaches: 0,
  series: [],
});

function stubStats(...answers: Array<() => Response>) {
  let calls = 0;
  const fetchMock = vi.fn<typeof fetch>(async () => answers[Math.min(calls++, answers.length - 1)]!());
  vi.stubGlobal('fetch', fetchMock);
  const requested = () => fetchMock.mock.calls.map(([input]) => new URL(requestedUrl(input)));
  return { fetchMock, requested };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('leadStatsQueryOptions', () => {
  it('is keyed by the period under the shared stats prefix', () => {
    expect(leadStatsQueryOptions({ preset: '7d' }).queryKey).toEqual(['leads', 'stats', { preset: '7d' }]);
    expect(leadStatsQueryOptions({ from: '2026-03-01', to: '2026-03-02' }).queryKey).toEqual(['leads', 'stats', { from: '2026-03-01', to: '2026-03-02' }]);
  });

  it('asks for a rolling window ending at the moment of each fetch', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const { requested } = stubStats(() => jsonResponse(stats(3)));
    const queryClient = createQueryClient();

    expect(await queryClient.fetchQuery(leadStatsQueryOptions({ preset: '7d' }))).toEqual(stats(3));
    vi.setSystemTime(new Date(NOW.getTime() + 3_600_000));
    await queryClient.refetchQueries({ queryKey: ['leads', 'stats'] });

    expect(requested().map((url) => url.pathname)).toEqual(['/api/v1/leads/stats', '/api/v1/leads/stats']);
    expect(requested().map((url) => [url.searchParams.get('from'), url.searchParams.get('to')])).toEqual([
      ['2026-03-03T15:00:00.000Z', '2026-03-10T15:00:00.000Z'],
      ['2026-03-03T16:00:00.000Z', '2026-03-10T16:00:00.000Z'],
    ]);
  });

  it('turns a problem answer into an ApiError', async () => {
    stubStats(() => problemResponse(422, { title: 'Unprocessable', detail: 'from must be before to', code: 'validation_failed', errors: [{ field: 'from', message: 'from must be before to' }] }));
    const error = await createQueryClient()
      .fetchQuery(leadStatsQueryOptions({ preset: '24h' }))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'validation_failed', fieldErrors: [{ field: 'from', message: 'from must be before to' }] });
  });
});

describe('useLeadStats', () => {
  it('polls every 30 s while live updates are down, keeping the old figures on screen meanwhile', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let release: (() => void) | undefined;
    const { fetchMock } = stubStats(
      () => jsonResponse(stats(1)),
      () => jsonResponse(stats(2)),
    );
    const queryClient = createQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    // Outside the live provider the stream counts as down, as it is while reconnecting.
    const { result, rerender } = renderHook(({ preset }: { preset: '7d' | '30d' }) => useLeadStats({ preset }), { wrapper, initialProps: { preset: '7d' } });

    await waitFor(() => expect(result.current.data?.total).toBe(1));
    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    await waitFor(() => expect(result.current.data?.total).toBe(2));
    expect(fetchMock).toHaveBeenCalledTimes(2);

    // Another period: the previous figures stay, marked as placeholders, until its own arrive.
    fetchMock.mockImplementationOnce(
      () =>
        new Promise<Response>((resolve) => {
          release = () => resolve(jsonResponse(stats(9)));
        }),
    );
    rerender({ preset: '30d' });
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
    expect(result.current.data?.total).toBe(2);
    expect(result.current.isPlaceholderData).toBe(true);
    release!();
    await waitFor(() => expect(result.current.data?.total).toBe(9));
    expect(result.current.isPlaceholderData).toBe(false);
  });
});
