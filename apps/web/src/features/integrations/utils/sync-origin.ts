// Where a lead pulled by the sync engine came from, read from the metadata its provider's mapping stored
// (`metadata.zoho`, `metadata.googleCalendar`, `metadata.zoom`): a label, the provider's reference, and the
// facts worth showing. Unknown or malformed metadata yields fewer facts, never an error.
export interface SyncOrigin {
  provider: string;
  label: string;
  metadataKey: string;
  reference: string | null;
  facts: Array<{ label: string; value: string }>;
  link: string | null;
}

const ORIGINS: Record<string, { label: string; metadataKey: string; referenceLabel: string }> = {
  zoho: { label: 'Zoho CRM', metadataKey: 'zoho', referenceLabel: 'Zoho lead id' },
  google_calendar: { label: 'Google Calendar', metadataKey: 'googleCalendar', referenceLabel: 'Event / guest' },
  zoom: { label: 'Zoom', metadataKey: 'zoom', referenceLabel: 'Registrant id' },
};

export const isSyncSource = (source: string): boolean => source in ORIGINS;
export const syncMetadataKey = (source: string): string | null => ORIGINS[source]?.metadataKey ?? null;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : typeof value === 'number' ? String(value) : null);

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (value: unknown): string | null => {
  const s = str(value);
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? s : dateTime.format(new Date(ms));
};

// Only the provider's own https pages become links.
const safeLink = (value: unknown, hosts: RegExp): string | null => {
  const s = str(value);
  if (!s) return null;
  try {
    const url = new URL(s);
    return url.protocol === 'https:' && hosts.test(url.hostname) ? url.toString() : null;
  } catch {
    return null;
  }
};

const LABELS: Record<string, Record<string, string>> = {
  zoho: { leadStatus: 'Lead status in Zoho', leadSource: 'Lead source in Zoho', createdTime: 'Created in Zoho', modifiedTime: 'Last changed in Zoho' },
  googleCalendar: { summary: 'Event', start: 'Starts', end: 'Ends', timeZone: 'Time zone', responseStatus: 'Answer' },
  zoom: { topic: 'Meeting', meetingTopic: 'Meeting', startTime: 'Starts', meetingStartTime: 'Starts', status: 'Registration', meetingId: 'Meeting id' },
};
const TIMES = new Set(['createdTime', 'modifiedTime', 'start', 'end', 'startTime', 'meetingStartTime']);
const RESPONSES: Record<string, string> = { accepted: 'Accepted', declined: 'Declined', tentative: 'Maybe', needsAction: 'Not answered yet' };

export function readSyncOrigin(source: string, sourceRef: string | null, metadata: Record<string, unknown>): SyncOrigin | null {
  const origin = ORIGINS[source];
  if (!origin) return null;
  const data = isRecord(metadata[origin.metadataKey]) ? (metadata[origin.metadataKey] as Record<string, unknown>) : {};
  const labels = LABELS[origin.metadataKey] ?? {};
  const facts: SyncOrigin['facts'] = [];
  for (const [key, label] of Object.entries(labels)) {
    if (facts.some((f) => f.label === label)) continue;
    const raw = data[key];
    const value = TIMES.has(key) ? when(raw) : key === 'responseStatus' ? (RESPONSES[str(raw) ?? ''] ?? str(raw)) : str(raw);
    if (value) facts.push({ label, value });
  }
  if (origin.metadataKey === 'zoho' && isRecord(data.owner)) {
    const owner = [str(data.owner.name), str(data.owner.email) && `<${str(data.owner.email)}>`].filter(Boolean).join(' ');
    if (owner) facts.push({ label: 'Owner in Zoho', value: owner });
  }
  // Zoom's answers to the registration's custom questions.
  const questions = data.customQuestions ?? data.custom_questions;
  if (Array.isArray(questions)) {
    for (const q of questions) if (isRecord(q) && str(q.title) && str(q.value)) facts.push({ label: str(q.title)!, value: str(q.value)! });
  }
  const link = origin.metadataKey === 'googleCalendar' ? safeLink(data.link, /(^|\.)google\.com$/) : null;
  return { provider: source, label: origin.label, metadataKey: origin.metadataKey, reference: sourceRef, facts, link };
}

export const originReferenceLabel = (source: string): string => ORIGINS[source]?.referenceLabel ?? 'Reference';
