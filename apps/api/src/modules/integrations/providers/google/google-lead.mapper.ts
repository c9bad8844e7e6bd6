import { createHash } from 'node:crypto';
import type { FieldError } from '../../../../common/problem/problem.exception';
import { normaliseLead, type NormalisedLead } from '../../../leads/lead-input';

export const GOOGLE_CALENDAR_SOURCE = 'google_calendar';

export interface GoogleAttendee {
  email?: string;
  displayName?: string;
  responseStatus?: string;
  organizer?: boolean;
  self?: boolean;
  resource?: boolean;
}

export interface GoogleEvent {
  id: string;
  status?: string;
  updated?: string;
  summary?: string;
  start?: { dateTime?: string; date?: string; timeZone?: string };
  end?: { dateTime?: string; date?: string };
  organizer?: { email?: string; self?: boolean };
  attendees?: GoogleAttendee[];
  htmlLink?: string;
}

const text = (value: unknown, max = 1000): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined);

// The team's own domains (lower case, without @): their attendees are colleagues, not leads.
export function isExternal(attendee: GoogleAttendee, teamDomains: readonly string[]): boolean {
  const email = text(attendee.email, 320)?.toLowerCase();
  if (!email || attendee.self || attendee.resource) return false;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return !teamDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

// One reference per event and attendee: the same person invited to two events is two references (and
// one lead, merged by email by the intake).
export const attendeeRef = (eventId: string, email: string) => `${eventId}/${email.toLowerCase()}`;

export function attendeeVersion(event: GoogleEvent, attendee: GoogleAttendee): string {
  const hash = createHash('sha256').update(JSON.stringify([event.summary, event.start, event.end, event.status, attendee])).digest('base64url');
  return `${text(event.updated, 40) ?? ''}|${hash}`;
}

// An external attendee of an event as a lead: source `google_calendar`, the event id and the email as
// its reference, the event's title, time and the attendee's answer in metadata.
export function googleAttendeeLead(event: GoogleEvent, attendee: GoogleAttendee): NormalisedLead | FieldError[] {
  const email = text(attendee.email, 320) ?? '';
  const result = normaliseLead(
    { name: text(attendee.displayName, 200), email, subject: text(event.summary, 300) },
    {
      source: GOOGLE_CALENDAR_SOURCE,
      type: 'contact',
      tags: [],
      metadata: {
        googleCalendar: {
          eventId: event.id,
          summary: text(event.summary, 300) ?? null,
          start: text(event.start?.dateTime ?? event.start?.date, 40) ?? null,
          end: text(event.end?.dateTime ?? event.end?.date, 40) ?? null,
          timeZone: text(event.start?.timeZone, 100) ?? null,
          responseStatus: text(attendee.responseStatus, 20) ?? null,
          link: text(event.htmlLink, 500) ?? null,
        },
      },
    },
  );
  if ('errors' in result) return result.errors;
  return { ...result.lead, sourceRef: attendeeRef(event.id, email) };
}
