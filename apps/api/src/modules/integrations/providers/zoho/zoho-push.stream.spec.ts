import type { PushLead } from '../../sync/pull-provider';
import { zohoRecordOf } from './zoho-push.stream';

const lead = (overrides: Partial<PushLead> = {}): PushLead => ({
  id: '7d4f1c9e-0000-4000-8000-000000000001',
  name: 'Ada King Lovelace',
  email: 'ada@engines.example',
  phone: '+442079460958',
  company: 'Analytical Engines',
  role: 'CTO',
  message: 'Wants a demo',
  source: 'web',
  status: 'qualified',
  fingerprint: '0f343b0931126a20f133d67c2b018a3b',
  remoteId: null,
  ...overrides,
});

describe('zohoRecordOf', () => {
  it('maps a lead to Zoho Leads fields, the last word of the name as Last_Name', () => {
    expect(zohoRecordOf(lead())).toEqual({
      First_Name: 'Ada King',
      Last_Name: 'Lovelace',
      Email: 'ada@engines.example',
      Phone: '+442079460958',
      Company: 'Analytical Engines',
      Designation: 'CTO',
      Description: 'Wants a demo',
    });
  });

  it('always has a Last_Name and leaves out what the lead does not have', () => {
    expect(zohoRecordOf(lead({ name: null, company: null, role: null, message: null, phone: null }))).toEqual({ Last_Name: 'ada', Email: 'ada@engines.example' });
    expect(zohoRecordOf(lead({ name: '  ', email: null }))).toEqual({ Last_Name: '+442079460958', Phone: '+442079460958', Company: 'Analytical Engines', Designation: 'CTO', Description: 'Wants a demo' });
    expect(zohoRecordOf(lead({ name: 'Cher' }))).toMatchObject({ Last_Name: 'Cher' });
    expect(zohoRecordOf(lead({ name: 'Cher' })).First_Name).toBeUndefined();
  });
});
