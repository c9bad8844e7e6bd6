import type { Schemas } from '@hotleads/api-client';
import { BUILT_IN_ROLE_PERMISSIONS } from '@hotleads/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';
import { leadFixture } from '../lead-detail/lead-fixtures';

type MyDayDto = Schemas['MyDayDto'];

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

function dayAnswer(): MyDayDto {
  const overdue = leadFixture({ id: '00000000-0000-4000-8000-00000000000a', name: 'Olga Overdue', followUpAt: at(-2 * HOUR), priority: 'high' });
  const today = leadFixture({ id: '00000000-0000-4000-8000-00000000000b', name: 'Tom Today', followUpAt: at(3 * HOUR) });
  const unread = leadFixture({ id: '00000000-0000-4000-8000-00000000000c', name: 'Una Unread', createdAt: at(-5 * 60_000) });
  return {
    sections: [
      { reason: 'follow_up_overdue', more: true, items: [{ lead: overdue, dueAt: overdue.followUpAt }] },
      { reason: 'follow_up_today', more: false, items: [{ lead: today, dueAt: today.followUpAt }] },
      { reason: 'unread', more: false, items: [{ lead: unread, dueAt: unread.createdAt }] },
      { reason: 'response_due', more: false, items: [] },
    ],
  };
}

function stubApi(answer: () => Response) {
  const fetchMock = vi.fn<typeof fetch>(async (input) => {
    const url = new URL(requestedUrl(input));
    if (url.pathname === '/api/v1/leads/my-day') return answer();
    throw new Error(`unexpected request ${url.href}`);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const AGENT = testUser(BUILT_IN_ROLE_PERMISSIONS.agent);

describe('My day', { timeout: 30_000 }, () => {
  it('lists overdue follow-ups first, each lead with its reason, in the viewer time zone', async () => {
    const fetchMock = stubApi(() => jsonResponse(dayAnswer()));
    renderApp('/my-day', { user: AGENT });

    expect(await screen.findByRole('heading', { level: 1, name: 'My day' })).toBeInTheDocument();
    const sections = await screen.findAllByRole('region');
    expect(sections.map((s) => within(s).getByRole('heading', { level: 2 }).textContent)).toEqual([
      'Overdue follow-ups (1+)',
      'Follow-ups due today (1)',
      'New leads assigned to you (1)',
    ]);
    const first = sections[0]!;
    expect(within(first).getByRole('link', { name: 'Olga Overdue' })).toHaveAttribute('href', '/leads/00000000-0000-4000-8000-00000000000a');
    expect(first).toHaveTextContent('Follow-up was due 2h ago');
    expect(within(first).getByRole('link', { name: 'See all in the list' })).toHaveAttribute('href', '/leads?assignee=me&followUp=overdue&sort=followUpAt');
    expect(sections[1]).toHaveTextContent(/Follow-up due in 2h|Follow-up due in 3h/);
    expect(sections[2]).toHaveTextContent('Assigned to you, not opened yet · arrived 5m ago');
    const url = new URL(requestedUrl(fetchMock.mock.calls[0]![0]));
    expect(url.searchParams.get('tz')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(document.title).toBe('My day · Hot Leads');
  });

  it('says so when nothing is waiting', async () => {
    stubApi(() => jsonResponse({ sections: dayAnswer().sections.map((s) => ({ ...s, items: [], more: false })) }));
    renderApp('/my-day', { user: AGENT });
    expect(await screen.findByText('Nothing waiting on you')).toBeInTheDocument();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });

  it('shows a failure with a retry that loads the day', async () => {
    let failing = true;
    stubApi(() => (failing ? problemResponse(409, { title: 'Workspace busy', code: 'busy' }) : jsonResponse(dayAnswer())));
    const { user } = renderApp('/my-day', { user: AGENT });
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert).toHaveTextContent('Could not load your day');
    failing = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Olga Overdue' })).toBeInTheDocument());
  });

  it('is where an agent starts', async () => {
    stubApi(() => jsonResponse(dayAnswer()));
    const { router } = renderApp('/', { user: AGENT });
    await waitFor(() => expect(router.state.location.pathname).toBe('/my-day'));
    expect(await screen.findByRole('link', { name: 'Olga Overdue' })).toBeInTheDocument();
  });
});
