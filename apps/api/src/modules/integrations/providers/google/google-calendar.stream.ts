import { ProviderError } from '../provider-error';
import type { HttpAnswer } from '../../sync/provider-http';
import type { PullContext, PulledPage, PulledRecord, PullStream } from '../../sync/pull-provider';
import { attendeeVersion, googleAttendeeLead, isExternal, attendeeRef, type GoogleEvent } from './google-lead.mapper';

const DAY = 86_400_000;
// The first (and every full) sync reads this window around now.
export const WINDOW_PAST_DAYS = 30;
export const WINDOW_FUTURE_DAYS = 90;
const PAGE_SIZE = 250;

interface EventsPage {
  items?: GoogleEvent[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

function googleError(answer: HttpAnswer, what: string): ProviderError {
  let reason = '';
  try {
    const body = JSON.parse(answer.text) as { error?: { errors?: Array<{ reason?: string }>; message?: string } };
    reason = body.error?.errors?.[0]?.reason ?? body.error?.message ?? '';
  } catch {
    // not JSON: the status says enough
  }
  const detail = reason ? `${answer.status}: ${reason.slice(0, 100)}` : String(answer.status);
  if (answer.status === 401 || answer.status === 403) return new ProviderError('auth', `Google refused access to ${what} (${detail}): reconnect or check the calendar is shared`);
  if (answer.status === 404) return new ProviderError('invalid', `Google has no calendar ${what} (404): check the calendar id`);
  return new ProviderError('invalid', `Google refused the request for ${what} (${detail})`);
}

// events.list with singleEvents=true: a full read of a window, then the syncToken of its last page, which
// alone carries nextSyncToken. A syncToken is never combined with time bounds; 410 means it is no longer
// valid, so the stream reads the window again (the run counts as a full resync). The checkpoint is the
// sync token, committed only with the last page.
export class GoogleCalendarEventsStream implements PullStream {
  readonly name = 'events';

  constructor(private readonly apiUrl: () => string) {}

  async *read(ctx: PullContext, checkpoint: string | null): AsyncIterable<PulledPage> {
    const calendarId = typeof ctx.config.calendarId === 'string' && ctx.config.calendarId.trim() ? ctx.config.calendarId.trim() : 'primary';
    const teamDomains = Array.isArray(ctx.config.teamDomains) ? ctx.config.teamDomains.filter((d): d is string => typeof d === 'string').map((d) => d.trim().toLowerCase().replace(/^@/, '')) : [];
    let syncToken = checkpoint;
    let pageToken: string | null = null;
    let fullResync = false;
    for (;;) {
      const params = new URLSearchParams({ singleEvents: 'true', maxResults: String(PAGE_SIZE) });
      if (syncToken) {
        params.set('syncToken', syncToken);
      } else {
        const now = Date.now();
        params.set('timeMin', new Date(now - WINDOW_PAST_DAYS * DAY).toISOString());
        params.set('timeMax', new Date(now + WINDOW_FUTURE_DAYS * DAY).toISOString());
        params.set('showDeleted', 'true');
      }
      if (pageToken) params.set('pageToken', pageToken);
      const answer = await ctx.call(`${this.apiUrl()}/calendars/${encodeURIComponent(calendarId)}/events?${params.toString()}`);
      if (answer.status === 410 && syncToken) {
        syncToken = null;
        pageToken = null;
        fullResync = true;
        continue;
      }
      if (answer.status !== 200) throw googleError(answer, calendarId);
      let body: EventsPage;
      try {
        body = JSON.parse(answer.text) as EventsPage;
      } catch {
        throw new ProviderError('retryable', 'Google answered the events with something that is not JSON');
      }
      const records: PulledRecord[] = [];
      for (const event of body.items ?? []) {
        if (typeof event?.id !== 'string') continue;
        if (event.status === 'cancelled') {
          records.push({ kind: 'delete', stream: this.name, ref: `${event.id}/`, refPrefix: true, version: event.updated ?? 'cancelled', data: { provider: 'google_calendar', message: 'event cancelled in Google Calendar', eventId: event.id } });
          continue;
        }
        for (const attendee of event.attendees ?? []) {
          if (!isExternal(attendee, teamDomains)) continue;
          records.push({ kind: 'upsert', ref: attendeeRef(event.id, attendee.email ?? ''), version: attendeeVersion(event, attendee), lead: googleAttendeeLead(event, attendee) });
        }
      }
      const last = !body.nextPageToken;
      if (last && !body.nextSyncToken) throw new ProviderError('invalid', 'Google gave neither nextPageToken nor nextSyncToken');
      yield { records, checkpoint: last ? body.nextSyncToken! : null, fullResync };
      if (last) return;
      pageToken = body.nextPageToken!;
    }
  }
}
