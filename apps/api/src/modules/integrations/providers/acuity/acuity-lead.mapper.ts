import type { FieldError } from '../../../../common/problem/problem.exception';
import { normaliseLead, type NormalisedLead } from '../../../leads/lead-input';
import type { AcuityAppointment } from './acuity-appointment';

export const ACUITY_SOURCE = 'acuity';
export const CANCELED_TAG = 'appointment-canceled';

// The appointment actions that become lead events; `changed` duplicates the others when subscribed with them.
export const APPOINTMENT_ACTIONS = ['scheduled', 'rescheduled', 'canceled', 'changed'] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

const MAX_ANSWERS = 50;
const MAX_TEXT = 1000;

const clip = (value: string | null | undefined, max = MAX_TEXT) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null);

// Dynamic webhooks may say `appointment.scheduled` where static ones say `scheduled`: accept both.
export function appointmentAction(action: string | null): AppointmentAction | null {
  const bare = action?.startsWith('appointment.') ? action.slice('appointment.'.length) : action;
  return (APPOINTMENT_ACTIONS as readonly string[]).includes(bare ?? '') ? (bare as AppointmentAction) : null;
}

// What Hot Leads keeps of an appointment on its lead: type, calendar, time with its offset, price, notes
// and the intake-form answers.
export function appointmentDetails(appointment: AcuityAppointment): Record<string, unknown> {
  const answers = (appointment.forms ?? []).flatMap((form) =>
    (form.values ?? []).map((v) => ({ form: clip(form.name, 200), question: clip(v.name, 300), answer: clip(v.value) })),
  );
  return {
    id: String(appointment.id),
    type: clip(appointment.type, 300),
    appointmentTypeId: appointment.appointmentTypeID ?? null,
    calendar: clip(appointment.calendar, 300),
    calendarId: appointment.calendarID ?? null,
    datetime: clip(appointment.datetime, 40),
    timezone: clip(appointment.timezone, 100),
    duration: clip(appointment.duration, 20),
    price: clip(appointment.price, 20),
    paid: clip(appointment.paid, 20),
    amountPaid: clip(appointment.amountPaid, 20),
    notes: clip(appointment.notes, 5000),
    canceled: appointment.canceled === true,
    answers: answers.slice(0, MAX_ANSWERS),
  };
}

// One appointment as a lead: source `acuity`, the appointment id as its reference (so a later delivery
// updates the same lead), the appointment in metadata, and a tag when it was cancelled.
export function acuityLead(appointment: AcuityAppointment, action: AppointmentAction): NormalisedLead | FieldError[] {
  const canceled = action === 'canceled' || appointment.canceled === true;
  const name = [appointment.firstName, appointment.lastName].map((p) => (typeof p === 'string' ? p.trim() : '')).filter(Boolean).join(' ');
  const result = normaliseLead(
    {
      name: name || undefined,
      email: appointment.email?.trim() || undefined,
      phone: appointment.phone?.trim() || undefined,
      subject: clip(appointment.type, 300) ?? undefined,
    },
    {
      source: ACUITY_SOURCE,
      type: 'contact',
      tags: canceled ? [CANCELED_TAG] : [],
      metadata: { appointment: appointmentDetails(appointment) },
    },
  );
  if ('errors' in result) return result.errors;
  return { ...result.lead, sourceRef: String(appointment.id) };
}
