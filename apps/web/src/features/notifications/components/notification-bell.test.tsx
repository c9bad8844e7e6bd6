import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubApi } from '@/testing/api-stub';
import { jsonResponse, problemResponse } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

const LEAD_ID = '5f0d3c2a-1b2c-4d5e-8f90-0123456789ab';
const item = (id: string, title: string, readAt: string | null, leadId: string | null = LEAD_ID) => ({
  id,
  kind: 'hot_lead',
  title,
  body: 'Priority urgent',
  ...(leadId ? { lead: { id: leadId, name: 'Ada', company: 'Engines', source: 'api', priority: 'urgent', score: null, deleted: false } } : {}),
  createdAt: '2026-12-07T10:00:00.000Z',
  readAt,
});

describe('notification bell', () => {
  it('shows the unread count, lists the latest and opens the lead of the one chosen, marking it read', async () => {
    const failedText = { ...item('2', 'New hot lead: Ada (Engines)', null), deliveries: [{ channel: 'email', status: 'sent', lastError: null }, { channel: 'sms', status: 'failed', lastError: 'Twilio answered 400 (21614): not a mobile number' }] };
    const page = { data: [failedText, item('1', 'Older one', '2026-12-07T09:00:00.000Z')], nextCursor: null, unreadCount: 1 };
    const calls = stubApi({
      'GET /api/v1/notifications': () => jsonResponse(page),
      'POST /api/v1/notifications/2/read': () => new Response(null, { status: 204 }),
      'GET /api/v1/events': () => problemResponse(503, { code: 'unavailable' }),
      [`GET /api/v1/leads/${LEAD_ID}`]: () => problemResponse(404, { code: 'lead_not_found' }),
    });
    const { user, router } = renderApp('/account');

    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    await user.click(bell);
    const list = await screen.findByRole('list', { name: 'Latest notifications' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByText('Unread:')).toBeInTheDocument();
    // A channel that failed says so; one that worked says nothing.
    expect(within(list).getByText('Text message not delivered: Twilio answered 400 (21614): not a mobile number')).toBeVisible();
    expect(within(list).queryByText(/Email not delivered/)).toBeNull();

    await user.click(within(list).getByRole('button', { name: /New hot lead: Ada/ }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/leads/${LEAD_ID}`));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/notifications/2/read')).toBe(true));
  }, 30_000);

  it('marks all read and says so when there is nothing', async () => {
    let unread = 2;
    const calls = stubApi({
      'GET /api/v1/notifications': () =>
        jsonResponse(
          unread > 0
            ? { data: [item('4', 'Four', null), item('3', 'Three', null)], nextCursor: null, unreadCount: unread }
            : { data: [], nextCursor: null, unreadCount: 0 },
        ),
      'POST /api/v1/notifications/read-all': () => {
        unread = 0;
        return jsonResponse({ marked: 2 });
      },
      'GET /api/v1/events': () => problemResponse(503, { code: 'unavailable' }),
    });
    const { user } = renderApp('/account');

    await user.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));
    await user.click(await screen.findByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByText(/Nothing yet/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/api/v1/notifications/read-all')).toHaveLength(1);
  }, 30_000);
});
