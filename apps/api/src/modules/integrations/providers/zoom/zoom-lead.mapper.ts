import { createHash } from 'node:crypto';
import type { FieldError } from '../../../../common/problem/problem.exception';
import { normaliseLead, type NormalisedLead } from '../../../leads/lead-input';

export const ZOOM_SOURCE = 'zoom';

// The parts of a meeting (GET /users/me/meetings, or a webhook's payload.object) a registrant's lead keeps.
export interface ZoomMeeting {
  id: number | string;
  uuid?: string;
  topic?: string | null;
  start_time?: string | null;
  timezone?: string | null;
  duration?: number | null;
}

export interface ZoomRegistrant {
  id: string;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  org?: string | null;
  job_title?: string | null;
  industry?: string | null;
  country?: string | null;
  comments?: string | null;
  status?: string | null;
  create_time?: string | null;
  custom_questions?: Array<{ title?: unknown; value?: unknown }> | null;
}

const text = (value: unknown, max = 1000): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined);

// The sync record of a registration: one per meeting and registrant, so a registrant missing from a
// meeting's complete listing can be found by the meeting's prefix. The lead's own reference is the
// registrant id alone.
// A webinar's registrations sit under `webinar:{id}/`.
export const registrationRef = (meetingId: string, registrantId: string) => `${meetingId}/${registrantId}`;
export const webinarRegistrationPrefix = (webinarId: string) => `webinar:${webinarId}`;

// Zoom keeps no modified time on a registrant: the version is a hash of what the lead is made of.
export function registrationVersion(meeting: ZoomMeeting, registrant: ZoomRegistrant): string {
  return createHash('sha256')
    .update(JSON.stringify([meeting.topic ?? null, meeting.start_time ?? null, meeting.timezone ?? null, registrant]))
    .digest('base64url');
}

// Answers to the meeting's custom questions, kept as given (at most 50, each trimmed).
function answers(list: ZoomRegistrant['custom_questions']): Array<{ title: string; value: string }> {
  if (!Array.isArray(list)) return [];
  return list
    .filter((q) => q && typeof q === 'object')
    .slice(0, 50)
    .map((q) => ({ title: text(q.title, 300) ?? '', value: text(q.value, 2000) ?? '' }))
    .filter((q) => q.title !== '' || q.value !== '');
}

// A meeting's registrant as a lead: source `zoom`, the registrant id as its reference, the meeting's
// topic and start time and the custom question answers in metadata. No email and no phone: field errors.
// `kind`: a meeting's registrant, or a webinar's (the same shape in Zoom's API).
export function zoomRegistrantLead(meeting: ZoomMeeting, registrant: ZoomRegistrant, kind: 'meeting' | 'webinar' = 'meeting'): NormalisedLead | FieldError[] {
  const name = [text(registrant.first_name, 100), text(registrant.last_name, 100)].filter(Boolean).join(' ') || undefined;
  const topic = text(meeting.topic, 300);
  const result = normaliseLead(
    {
      name,
      email: text(registrant.email, 320),
      phone: text(registrant.phone, 50),
      company: text(registrant.org, 200),
      role: text(registrant.job_title, 200),
      subject: topic,
      message: text(registrant.comments, 5000),
    },
    {
      source: ZOOM_SOURCE,
      type: 'contact',
      tags: [],
      metadata: {
        zoom: {
          kind,
          meetingId: String(meeting.id),
          meetingUuid: text(meeting.uuid, 100) ?? null,
          topic: topic ?? null,
          startTime: text(meeting.start_time, 40) ?? null,
          timezone: text(meeting.timezone, 100) ?? null,
          registrantId: registrant.id,
          status: text(registrant.status, 20) ?? null,
          registeredAt: text(registrant.create_time, 40) ?? null,
          country: text(registrant.country, 100) ?? null,
          industry: text(registrant.industry, 200) ?? null,
          customQuestions: answers(registrant.custom_questions),
        },
      },
    },
  );
  if ('errors' in result) return result.errors;
  return { ...result.lead, sourceRef: registrant.id };
}
