import type { NormalisedLead } from '../../../leads/lead-input';
import type { AcuityAppointment } from './acuity-appointment';
import { acuityLead, appointmentAction, CANCELED_TAG } from './acuity-lead.mapper';

// The reference's example appointment (shared/reference/providers.md §1).
const example: AcuityAppointment = {
  id: 54321,
  firstName: 'Bob',
  lastName: 'McTest',
  phone: '',
  email: 'Bob.McTest@Example.com',
  datetime: '2013-07-02T10:15:00-0700',
  price: '10.00',
  paid: 'no',
  amountPaid: '0.00',
  type: 'Regular Visit',
  appointmentTypeID: 1,
  duration: '60',
  calendar: 'My Calendar',
  calendarID: 27238,
  notes: 'Notes',
  timezone: 'America/New_York',
  forms: [{ id: 1, name: 'Example Intake Form', values: [{ value: 'yes', name: 'Is this your first visit?', fieldID: 1 }] }],
};

describe('Acuity appointment mapping', () => {
  it('reads both spellings of an action and nothing else', () => {
    expect(appointmentAction('scheduled')).toBe('scheduled');
    expect(appointmentAction('appointment.rescheduled')).toBe('rescheduled');
    expect(appointmentAction('canceled')).toBe('canceled');
    expect(appointmentAction('order.completed')).toBeNull();
    expect(appointmentAction('appointment.deleted')).toBeNull();
    expect(appointmentAction(null)).toBeNull();
  });

  it('maps the example appointment to a lead with the appointment in metadata', () => {
    const lead = acuityLead(example, 'scheduled') as NormalisedLead;
    expect(lead).toMatchObject({ name: 'Bob McTest', email: 'bob.mctest@example.com', phone: null, source: 'acuity', sourceRef: '54321', subject: 'Regular Visit', tags: [] });
    expect(lead.metadata.appointment).toEqual({
      id: '54321',
      type: 'Regular Visit',
      appointmentTypeId: 1,
      calendar: 'My Calendar',
      calendarId: 27238,
      datetime: '2013-07-02T10:15:00-0700',
      timezone: 'America/New_York',
      duration: '60',
      price: '10.00',
      paid: 'no',
      amountPaid: '0.00',
      notes: 'Notes',
      canceled: false,
      answers: [{ form: 'Example Intake Form', question: 'Is this your first visit?', answer: 'yes' }],
    });
  });

  it('writes a phone as E.164 and keeps an unreadable one for a human', () => {
    expect((acuityLead({ ...example, phone: '+1 (415) 555-0132' }, 'scheduled') as NormalisedLead).phone).toBe('+14155550132');
    const odd = acuityLead({ ...example, phone: 'call after 5' }, 'scheduled') as NormalisedLead;
    expect(odd.phone).toBeNull();
    expect(odd.metadata.rawPhone).toBe('call after 5');
  });

  it('tags a cancelled appointment', () => {
    expect((acuityLead(example, 'canceled') as NormalisedLead).tags).toEqual([CANCELED_TAG]);
    expect((acuityLead({ ...example, canceled: true }, 'changed') as NormalisedLead).tags).toEqual([CANCELED_TAG]);
  });

  it('answers field errors for an appointment with no way to reach the person', () => {
    expect(acuityLead({ ...example, email: '', phone: '' }, 'scheduled')).toEqual([{ field: 'email', message: 'at least one of email or phone is required' }]);
  });
});
