import { describe, expect, it } from 'vitest';
import { formatAppointmentTime, readAppointment } from './acuity-appointment';

describe('the Acuity appointment of a lead', () => {
  it('keeps the appointment’s own wall-clock time and shows its offset', () => {
    expect(formatAppointmentTime('2013-07-02T10:15:00-0700')).toMatch(/^(Jul 2, 2013|2 Jul 2013), 10:15 \(UTC−07:00\)$/);
    expect(formatAppointmentTime('2026-12-24T23:30:00+05:30')).toMatch(/23:30 \(UTC\+05:30\)$/);
    expect(formatAppointmentTime('not a date')).toBe('not a date');
  });

  it('reads what the mapping stored and ignores what is malformed', () => {
    const view = readAppointment({
      appointment: {
        id: '42',
        type: 'Regular Visit',
        calendar: 'My Calendar',
        datetime: '2013-07-02T10:15:00-0700',
        timezone: 'America/New_York',
        duration: '60',
        canceled: true,
        answers: [{ form: 'Intake', question: 'First visit?', answer: 'yes' }, 'junk'],
      },
    });
    expect(view).toMatchObject({ id: '42', type: 'Regular Visit', calendar: 'My Calendar', timezone: 'America/New_York', canceled: true });
    expect(view?.when).toContain('10:15 (UTC−07:00)');
    expect(view?.answers).toEqual([{ question: 'First visit?', answer: 'yes' }]);
    expect(readAppointment({ appointment: 'nope' })).toBeNull();
    expect(readAppointment({})).toBeNull();
  });
});
