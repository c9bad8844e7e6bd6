import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/react-query';
import { LeadSubmission } from '@/features/leads/components/lead-detail/lead-submission';
import { leadFixture } from '@/features/leads/components/lead-detail/lead-fixtures';
import { readSyncOrigin } from './sync-origin';

const ZOHO_METADATA = {
  zoho: {
    id: '4150868000000224005',
    leadSource: 'Web Download',
    leadStatus: 'Contacted',
    owner: { id: '4150868000000225013', name: 'Patricia Boyle', email: 'patricia.boyle@example.com' },
    createdTime: '2026-12-01T09:00:00+00:00',
    modifiedTime: '2026-12-05T10:30:00+00:00',
  },
};

function renderSubmission(overrides: Parameters<typeof leadFixture>[0]) {
  render(
    <AppProvider queryClient={createQueryClient()} env="test">
      <MemoryRouter>
        <LeadSubmission lead={leadFixture(overrides)} />
      </MemoryRouter>
    </AppProvider>,
  );
}

describe('Where a synced lead came from', () => {
  it('reads Zoho’s facts, Google’s event with a safe link only, and Zoom’s answers', () => {
    const zoho = readSyncOrigin('zoho', '4150868000000224005', ZOHO_METADATA);
    expect(zoho).toMatchObject({ label: 'Zoho CRM', reference: '4150868000000224005', link: null });
    expect(zoho?.facts).toEqual(
      expect.arrayContaining([
        { label: 'Lead status in Zoho', value: 'Contacted' },
        { label: 'Lead source in Zoho', value: 'Web Download' },
        { label: 'Owner in Zoho', value: 'Patricia Boyle <patricia.boyle@example.com>' },
      ]),
    );

    const google = readSyncOrigin('google_calendar', 'evt1/ada@example.test', {
      googleCalendar: { eventId: 'evt1', summary: 'Intro call', start: '2026-12-08T09:30:00Z', responseStatus: 'needsAction', link: 'https://www.google.com/calendar/event?eid=abc' },
    });
    expect(google?.facts).toEqual(expect.arrayContaining([{ label: 'Event', value: 'Intro call' }, { label: 'Answer', value: 'Not answered yet' }]));
    expect(google?.link).toBe('https://www.google.com/calendar/event?eid=abc');
    expect(readSyncOrigin('google_calendar', null, { googleCalendar: { link: 'javascript:alert(1)' } })?.link).toBeNull();
    expect(readSyncOrigin('google_calendar', null, { googleCalendar: { link: 'https://evil.example/phish' } })?.link).toBeNull();

    const zoom = readSyncOrigin('zoom', 'reg-9tbo', { zoom: { topic: 'Product demo', customQuestions: [{ title: 'Team size', value: '11-50' }, { title: 42 }] } });
    expect(zoom?.facts).toEqual([
      { label: 'Meeting', value: 'Product demo' },
      { label: 'Team size', value: '11-50' },
    ]);

    // Missing or malformed metadata: fewer facts, never a throw; other sources are not synced ones.
    expect(readSyncOrigin('zoho', 'x', { zoho: 'not an object' })?.facts).toEqual([]);
    expect(readSyncOrigin('form', null, {})).toBeNull();
  });

  it('shows a Zoho lead’s provider and reference in the lead detail, not as raw metadata', () => {
    renderSubmission({ source: 'zoho', sourceRef: '4150868000000224005', metadata: ZOHO_METADATA });
    expect(screen.getByText('Zoho CRM')).toBeVisible();
    const origin = screen.getByRole('region', { name: 'From Zoho CRM' });
    expect(within(origin).getByText('4150868000000224005')).toBeVisible();
    expect(origin).toHaveTextContent('Patricia Boyle');
    expect(screen.queryByText('Other metadata')).not.toBeInTheDocument();
  });

  it('leaves a form lead as it was', () => {
    renderSubmission({});
    expect(screen.queryByRole('region', { name: /^From / })).not.toBeInTheDocument();
    expect(screen.getByText('Forms')).toBeVisible();
  });
});
