import { attendeeRef, attendeeVersion, googleAttendeeLead, isExternal, type GoogleEvent } from './google-lead.mapper';

const event: GoogleEvent = {
  id: 'abc123',
  status: 'confirmed',
  updated: '2024-05-01T09:59:00.000Z',
  summary: 'Demo call',
  start: { dateTime: '2024-05-02T10:00:00-04:00', timeZone: 'America/New_York' },
  end: { dateTime: '2024-05-02T10:30:00-04:00' },
  htmlLink: 'https://calendar.google.com/event?eid=abc',
};

describe('isExternal', () => {
  it('keeps attendees outside the team domains, never self or rooms', () => {
    expect(isExternal({ email: 'Lead@X.com' }, ['acme.com'])).toBe(true);
    expect(isExternal({ email: 'rep@acme.com' }, ['acme.com'])).toBe(false);
    expect(isExternal({ email: 'rep@eu.acme.com' }, ['acme.com'])).toBe(false);
    expect(isExternal({ email: 'me@gmail.com', self: true }, [])).toBe(false);
    expect(isExternal({ email: 'room@resource.calendar.google.com', resource: true }, [])).toBe(false);
    expect(isExternal({}, [])).toBe(false);
  });
});

describe('googleAttendeeLead', () => {
  it('maps an attendee to a lead referenced by event id and email, with the event in metadata', () => {
    expect(googleAttendeeLead(event, { email: 'Lead@X.com', displayName: 'Lead', responseStatus: 'tentative' })).toMatchObject({
      name: 'Lead',
      email: 'lead@x.com',
      subject: 'Demo call',
      source: 'google_calendar',
      sourceRef: 'abc123/lead@x.com',
      metadata: { googleCalendar: { eventId: 'abc123', start: '2024-05-02T10:00:00-04:00', timeZone: 'America/New_York', responseStatus: 'tentative' } },
    });
    expect(attendeeRef('abc123', 'Lead@X.com')).toBe('abc123/lead@x.com');
  });

  it('changes version when the answer or the event changes', () => {
    const a = attendeeVersion(event, { email: 'lead@x.com', responseStatus: 'needsAction' });
    expect(attendeeVersion(event, { email: 'lead@x.com', responseStatus: 'needsAction' })).toBe(a);
    expect(attendeeVersion(event, { email: 'lead@x.com', responseStatus: 'accepted' })).not.toBe(a);
    expect(attendeeVersion({ ...event, summary: 'Moved' }, { email: 'lead@x.com', responseStatus: 'needsAction' })).not.toBe(a);
  });
});
