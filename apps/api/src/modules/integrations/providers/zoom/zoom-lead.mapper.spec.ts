import { registrationRef, registrationVersion, zoomRegistrantLead, type ZoomMeeting, type ZoomRegistrant } from './zoom-lead.mapper';

const meeting: ZoomMeeting = { id: 85746065123, uuid: 'aDYlohsHRtCd4ii1uC2+hA==', topic: 'Pricing webinar', start_time: '2030-01-01T10:00:00Z', timezone: 'Europe/Berlin' };
const registrant = (overrides: Partial<ZoomRegistrant> = {}): ZoomRegistrant => ({
  id: '9tboDiHUQAeOnbmudzWa5g',
  email: 'JChill@Example.com',
  first_name: 'Jill',
  last_name: 'Chill',
  phone: '',
  org: 'Chill Corp',
  job_title: 'CTO',
  country: 'US',
  status: 'approved',
  create_time: '2029-12-01T10:00:00Z',
  custom_questions: [{ title: 'Team size', value: '50-200' }],
  ...overrides,
});

describe('zoomRegistrantLead', () => {
  it('maps a registrant to a lead with source zoom, the registrant id as reference and the meeting in metadata', () => {
    expect(zoomRegistrantLead(meeting, registrant())).toMatchObject({
      name: 'Jill Chill',
      email: 'jchill@example.com',
      company: 'Chill Corp',
      role: 'CTO',
      subject: 'Pricing webinar',
      source: 'zoom',
      sourceRef: '9tboDiHUQAeOnbmudzWa5g',
      metadata: { zoom: { kind: 'meeting', meetingId: '85746065123', topic: 'Pricing webinar', startTime: '2030-01-01T10:00:00Z', registrantId: '9tboDiHUQAeOnbmudzWa5g', status: 'approved', customQuestions: [{ title: 'Team size', value: '50-200' }] } },
    });
  });

  it('says when the registration is for a webinar', () => {
    expect(zoomRegistrantLead(meeting, registrant(), 'webinar')).toMatchObject({ sourceRef: '9tboDiHUQAeOnbmudzWa5g', metadata: { zoom: { kind: 'webinar', meetingId: '85746065123' } } });
  });

  it('takes a phone when there is no email, and drops junk custom questions', () => {
    const lead = zoomRegistrantLead(meeting, registrant({ email: '', phone: '+1 415 555 2671', custom_questions: [null as never, { title: 42, value: '' }, { title: 'Role', value: ' Buyer ' }] }));
    expect(lead).toMatchObject({ email: null, phone: '+14155552671', metadata: { zoom: { customQuestions: [{ title: 'Role', value: 'Buyer' }] } } });
  });

  it('answers field errors for a registrant with neither email nor phone', () => {
    const lead = zoomRegistrantLead(meeting, registrant({ email: null, phone: '  ' }));
    expect(Array.isArray(lead)).toBe(true);
    expect(lead).toEqual([expect.objectContaining({ message: expect.stringContaining('email') })]);
  });
});

describe('registration version and reference', () => {
  it('changes with the registrant or the meeting time, not otherwise', () => {
    const v = registrationVersion(meeting, registrant());
    expect(registrationVersion(meeting, registrant())).toBe(v);
    expect(registrationVersion(meeting, registrant({ org: 'Other' }))).not.toBe(v);
    expect(registrationVersion({ ...meeting, start_time: '2030-01-02T10:00:00Z' }, registrant())).not.toBe(v);
    expect(registrationRef('1', 'abc')).toBe('1/abc');
  });
});
