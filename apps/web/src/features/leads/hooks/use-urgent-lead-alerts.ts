import { useEffect, useRef, useState } from 'react';
import { useLiveEvents } from '@/hooks/use-live-updates';
import { api, send } from '@/lib/api-client';
import { usePermissions } from '@/lib/authorization';

// A new urgent lead while the tab is in the background: the tab title counts them ("(2 urgent) …") and, when
// the user has allowed it, a desktop notification says so. Looking at the tab again clears the count.

export const urgentTitle = (count: number, title: string) => (count > 0 ? `(${count} urgent) ${title}` : title);

// How many urgent leads arrived since `since`, and the newest one's name.
async function urgentSince(since: string): Promise<{ count: number; newest: string | null }> {
  const { data } = await send(api.GET('/api/v1/leads', { params: { query: { priority: ['urgent'], createdFrom: since, limit: 1 } } }));
  if (!data) return { count: 0, newest: null };
  const lead = data.data[0];
  return { count: data.total, newest: lead ? (lead.name ?? lead.email ?? lead.phone ?? 'A new lead') : null };
}

export const desktopNotificationsAllowed = () => typeof Notification !== 'undefined' && Notification.permission === 'granted';

export function useUrgentLeadAlerts(): number {
  const canRead = usePermissions().has('leads:read');
  const [count, setCount] = useState(0);
  // When the user last had the tab in front of them.
  const since = useRef(new Date().toISOString());
  const baseTitle = useRef<string | null>(null);
  const shown = useRef(0);

  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState !== 'visible') return;
      since.current = new Date().toISOString();
      shown.current = 0;
      setCount(0);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, []);

  useLiveEvents((event) => {
    if (!canRead || event.type !== 'lead.created' || document.visibilityState === 'visible') return;
    const from = since.current;
    void urgentSince(from).then(({ count: next, newest }) => {
      if (from !== since.current || next <= shown.current) return;
      shown.current = next;
      setCount(next);
      if (newest && desktopNotificationsAllowed()) {
        new Notification(next === 1 ? 'New urgent lead' : `${next} new urgent leads`, { body: newest, tag: 'hotleads-urgent' });
      }
    });
  });

  // The page's own title (set by each route) with the count in front while there is one.
  useEffect(() => {
    if (count === 0) {
      if (baseTitle.current !== null) document.title = baseTitle.current;
      baseTitle.current = null;
      return;
    }
    baseTitle.current ??= document.title;
    document.title = urgentTitle(count, baseTitle.current);
  }, [count]);

  return count;
}
