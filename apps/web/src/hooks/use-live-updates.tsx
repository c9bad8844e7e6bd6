import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { connectLiveEvents, type LiveEvent, type LiveStatus } from '@/lib/live-events';

// How often data is polled while the live stream is down (and the reason the seeds' dashboard polled at all).
export const POLL_INTERVAL_MS = 30_000;

type Listener = (event: LiveEvent) => void;

interface LiveContextValue {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveContextValue>({ status: 'offline', subscribe: () => () => undefined });

// Cache keys every feature shares for leads: ['leads', 'list' | 'detail' | 'events' | 'stats', ...].
function invalidateFor(event: LiveEvent, queryClient: ReturnType<typeof useQueryClient>): void {
  if (event.type === 'resync') {
    void queryClient.invalidateQueries({ queryKey: ['leads'] });
    return;
  }
  if (event.type.startsWith('lead.') || event.type === 'stats.changed') {
    void queryClient.invalidateQueries({ queryKey: ['leads', 'stats'] });
  }
  if (event.type === 'lead.updated' || event.type === 'lead.deleted') {
    for (const id of event.ids) {
      void queryClient.invalidateQueries({ queryKey: ['leads', 'detail', id] });
      void queryClient.invalidateQueries({ queryKey: ['leads', 'events', id] });
    }
  }
}

// One stream per signed-in tab. Dashboard figures and open leads refresh themselves; lists subscribe to decide
// how to merge what changed (see useLiveEvents).
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<Listener>());
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => listeners.current.delete(listener);
  }, []);
  // A new value only when the status changes: consumers re-render then, not on every render of this provider.
  const value = useMemo<LiveContextValue>(() => ({ status, subscribe }), [status, subscribe]);

  useEffect(() => {
    let wasLive = false;
    const connection = connectLiveEvents({
      onStatus: (next) => {
        // Back after a gap: whatever happened meanwhile was replayed or, if too old, announced by `resync`;
        // figures are cheap, so refresh them anyway.
        if (next === 'live' && wasLive) void queryClient.invalidateQueries({ queryKey: ['leads', 'stats'] });
        if (next === 'live') wasLive = true;
        setStatus(next);
      },
      onEvent: (event) => {
        invalidateFor(event, queryClient);
        for (const listener of listeners.current) listener(event);
      },
    });
    return () => connection.stop();
  }, [queryClient]);

  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export const useLiveStatus = (): LiveStatus => useContext(LiveContext).status;

// Calls the handler for every live event while the component is mounted.
export function useLiveEvents(handler: Listener): void {
  const { subscribe } = useContext(LiveContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

// For useQuery's refetchInterval: no polling while the stream is live, every 30 s otherwise.
export function usePollingFallback(): number | false {
  return useLiveStatus() === 'live' ? false : POLL_INTERVAL_MS;
}
