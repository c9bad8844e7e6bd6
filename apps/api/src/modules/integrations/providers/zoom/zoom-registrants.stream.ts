import { ProviderError } from '../provider-error';
import type { HttpAnswer } from '../../sync/provider-http';
import type { PullContext, PulledPage, PulledRecord, PullStream } from '../../sync/pull-provider';
import { registrationRef, registrationVersion, webinarRegistrationPrefix, zoomRegistrantLead, type ZoomMeeting, type ZoomRegistrant } from './zoom-lead.mapper';

// Zoom's largest page; its page tokens live 15 minutes, so a listing whose token expired starts over.
export const ZOOM_PAGE_SIZE = 300;
const MAX_RESTARTS = 3;
// Approved and pending registrants are both people who asked to come; denied ones are not leads.
const STATUSES = ['approved', 'pending'] as const;

interface MeetingsPage {
  meetings?: ZoomMeeting[];
  webinars?: ZoomMeeting[];
  next_page_token?: string;
}

// Meetings and webinars: the same listing and registrants shapes under their own paths. A registration's
// record sits under the meeting's id, or `webinar:{id}` for a webinar.
interface Session {
  kind: 'meeting' | 'webinar';
  id: string;
  meeting: ZoomMeeting;
}

const validId = (m: ZoomMeeting | null | undefined): m is ZoomMeeting => Boolean(m) && (typeof m!.id === 'number' || typeof m!.id === 'string') && /^\d{1,20}$/.test(String(m!.id));

interface RegistrantsPage {
  registrants?: ZoomRegistrant[];
  next_page_token?: string;
}

export function zoomError(answer: HttpAnswer, what: string): ProviderError {
  let detail = '';
  try {
    const body = JSON.parse(answer.text) as { code?: unknown; message?: unknown };
    detail = [typeof body.code === 'number' ? String(body.code) : null, typeof body.message === 'string' ? body.message.slice(0, 200) : null].filter(Boolean).join(': ');
  } catch {
    // not JSON: the status says enough
  }
  const suffix = detail ? ` (${answer.status}: ${detail})` : ` (${answer.status})`;
  if (answer.status === 401 || answer.status === 403) return new ProviderError('auth', `Zoom refused access to ${what}${suffix}: check the app's scopes (meeting:read:admin) or reconnect`);
  return new ProviderError('invalid', `Zoom refused the request for ${what}${suffix}`);
}

function parse<T>(answer: HttpAnswer, what: string): T {
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    throw new ProviderError('retryable', `Zoom answered ${what} with something that is not JSON`);
  }
}

// Every page of a listing that follows `next_page_token`. Zoom answers a token older than 15 minutes
// with a 400; the listing then starts over from its first page (`onRestart` lets the caller forget what
// it gathered), at most a few times.
// A 400 or 404 without a token comes back as `missing` (the caller decides); other refusals throw.
async function* pages<T>(ctx: PullContext, url: (token: string | null) => string, what: string, onRestart: () => void): AsyncGenerator<{ body: T } | { missing: HttpAnswer }> {
  let token: string | null = null;
  let restarts = 0;
  for (;;) {
    const answer = await ctx.call(url(token));
    if (answer.status === 400 && token && restarts < MAX_RESTARTS) {
      restarts++;
      token = null;
      onRestart();
      continue;
    }
    if (answer.status === 400 || answer.status === 404) {
      yield { missing: answer };
      return;
    }
    if (answer.status !== 200) throw zoomError(answer, what);
    const body = parse<T & { next_page_token?: string }>(answer, what);
    yield { body };
    token = typeof body.next_page_token === 'string' && body.next_page_token !== '' ? body.next_page_token : null;
    if (!token) return;
  }
}

// Zoom keeps no modified time on registrations, so every run lists the account's scheduled meetings
// (Zoom's `scheduled`: upcoming, live and recent ones not yet expired) and its scheduled webinars, and
// each one's approved and pending registrants. An account without webinars (Zoom answers the webinar
// listing 400 or 404: no plan, or not enabled for the user) simply has none. What did not change is
// skipped by its version (a hash); a registrant missing from a complete listing is "gone": a lead event,
// never a delete. The checkpoint only records when the last listing started.
export class ZoomRegistrantsStream implements PullStream {
  readonly name = 'registrants';

  constructor(private readonly apiUrl: () => string) {}

  async *read(ctx: PullContext): AsyncIterable<PulledPage> {
    const started = new Date().toISOString();
    const api = this.apiUrl();
    const sessions = new Map<string, Session>();
    const listing = (path: string) => (token: string | null) => {
      const q = new URLSearchParams({ type: 'scheduled', page_size: String(ZOOM_PAGE_SIZE) });
      if (token) q.set('next_page_token', token);
      return `${api}${path}?${q.toString()}`;
    };
    const forget = (kind: Session['kind']) => () => {
      for (const [key, s] of sessions) if (s.kind === kind) sessions.delete(key);
    };
    for await (const page of pages<MeetingsPage>(ctx, listing('/users/me/meetings'), 'the meetings', forget('meeting'))) {
      if ('missing' in page) throw zoomError(page.missing, 'the meetings');
      for (const m of page.body.meetings ?? []) if (validId(m)) sessions.set(String(m.id), { kind: 'meeting', id: String(m.id), meeting: m });
    }
    for await (const page of pages<MeetingsPage>(ctx, listing('/users/me/webinars'), 'the webinars', forget('webinar'))) {
      // No webinar plan, or webinars not enabled for the user: no webinars, not a failure.
      if ('missing' in page) break;
      for (const w of page.body.webinars ?? []) if (validId(w)) sessions.set(webinarRegistrationPrefix(String(w.id)), { kind: 'webinar', id: String(w.id), meeting: w });
    }
    if (sessions.size === 0) {
      yield { records: [], checkpoint: started };
      return;
    }
    for (const [prefix, session] of sessions) yield* this.registrants(ctx, api, prefix, session, started);
  }

  private async *registrants(ctx: PullContext, api: string, prefix: string, session: Session, started: string): AsyncGenerator<PulledPage> {
    const { meeting, kind } = session;
    const present: string[] = [];
    let complete = true;
    const what = `the registrants of ${kind} ${session.id}`;
    for (const status of STATUSES) {
      const url = (token: string | null) => {
        const q = new URLSearchParams({ status, page_size: String(ZOOM_PAGE_SIZE) });
        if (token) q.set('next_page_token', token);
        return `${api}/${kind}s/${session.id}/registrants?${q.toString()}`;
      };
      // A restarted listing reads its pages again; what was applied is skipped by version.
      const seen = new Set<string>();
      for await (const page of pages<RegistrantsPage>(ctx, url, what, () => seen.clear())) {
        if ('missing' in page) {
          // Gone since the listing (404), or a meeting without registration (400): nothing to read,
          // and nothing may be called gone.
          complete = false;
          break;
        }
        const records: PulledRecord[] = [];
        for (const r of page.body.registrants ?? []) {
          if (!r || typeof r.id !== 'string' || r.id === '' || r.id.length > 100) continue;
          const ref = registrationRef(prefix, r.id);
          seen.add(ref);
          records.push({ kind: 'upsert', ref, version: registrationVersion(meeting, r), lead: zoomRegistrantLead(meeting, r, kind) });
        }
        yield { records, checkpoint: started };
      }
      present.push(...seen);
      if (!complete) return;
    }
    yield {
      records: [],
      checkpoint: started,
      gone: {
        stream: this.name,
        prefix: registrationRef(prefix, ''),
        present,
        data: { provider: 'zoom', message: 'registration removed in Zoom', kind, meetingId: session.id, topic: typeof meeting.topic === 'string' ? meeting.topic.slice(0, 300) : null },
      },
    };
  }
}
