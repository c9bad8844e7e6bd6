// Reads `metadata.appointment` as the API's Acuity mapping stores it (acuity-lead.mapper.ts) into what the
// lead page shows. Metadata is free-form JSON, so every field is checked rather than trusted.

export interface AppointmentView {
  id: string;
  type: string | null;
  calendar: string | null;
  // The appointment's own wall-clock time with its UTC offset, e.g. "2 Jul 2013, 10:15 (UTC−07:00)".
  when: string | null;
  timezone: string | null;
  duration: string | null;
  price: string | null;
  paid: string | null;
  notes: string | null;
  canceled: boolean;
  answers: { question: string; answer: string }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

// Acuity writes "2013-07-02T10:15:00-0700": the time where the appointment happens. Shown as that wall-clock
// time with its offset, never converted to the reader's zone (a 10:15 visit in New York stays 10:15).
export function formatAppointmentTime(datetime: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(datetime.trim());
  if (!match) return datetime;
  const [, y, mo, d, h, mi, offset] = match;
  const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))),
  );
  const zone = !offset || offset === 'Z' ? 'UTC' : `UTC${offset[0] === '-' ? '−' : '+'}${offset.slice(1, 3)}:${offset.slice(-2)}`;
  return `${day}, ${h}:${mi} (${zone})`;
}

export function readAppointment(metadata: Record<string, unknown>): AppointmentView | null {
  const a = metadata.appointment;
  if (!isRecord(a) || (typeof a.id !== 'string' && typeof a.id !== 'number')) return null;
  const datetime = str(a.datetime);
  const answers = Array.isArray(a.answers)
    ? a.answers.filter(isRecord).map((x) => ({ question: str(x.question) ?? '', answer: str(x.answer) ?? '' })).filter((x) => x.question || x.answer)
    : [];
  return {
    id: String(a.id),
    type: str(a.type),
    calendar: str(a.calendar),
    when: datetime ? formatAppointmentTime(datetime) : null,
    timezone: str(a.timezone),
    duration: str(a.duration),
    price: str(a.price),
    paid: str(a.paid),
    notes: str(a.notes),
    canceled: a.canceled === true,
    answers,
  };
}
