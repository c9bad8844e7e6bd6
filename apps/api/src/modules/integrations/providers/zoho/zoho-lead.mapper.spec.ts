import { zohoLead, zohoLeadVersion, type ZohoLead } from './zoho-lead.mapper';

const record = (overrides: Partial<ZohoLead> = {}): ZohoLead => ({
  id: '4150868000000002175',
  Owner: { name: 'Patricia Boyle', id: '4150868000000225013', email: 'patricia.boyle@example.com' },
  Company: 'Zylker Corp',
  First_Name: 'John',
  Last_Name: 'Doe',
  Email: 'John.Doe@Zylker.com',
  Phone: '+1-415-555-2671',
  Lead_Source: 'Web Download',
  Lead_Status: 'Not Contacted',
  Description: 'Asked for a demo',
  Created_Time: '2023-10-15T10:30:00+00:00',
  Modified_Time: '2023-10-15T14:20:00+00:00',
  ...overrides,
});

describe('zohoLead', () => {
  it('maps a Zoho lead to a lead with source zoho and the Zoho id as its reference', () => {
    const lead = zohoLead(record());
    expect(lead).toMatchObject({
      name: 'John Doe',
      email: 'john.doe@zylker.com',
      phone: '+14155552671',
      company: 'Zylker Corp',
      message: 'Asked for a demo',
      source: 'zoho',
      sourceRef: '4150868000000002175',
      metadata: {
        zoho: {
          id: '4150868000000002175',
          leadSource: 'Web Download',
          leadStatus: 'Not Contacted',
          owner: { id: '4150868000000225013', name: 'Patricia Boyle', email: 'patricia.boyle@example.com' },
          modifiedTime: '2023-10-15T14:20:00+00:00',
        },
      },
    });
  });

  it('prefers Full_Name, falls back to Mobile, and tolerates missing fields', () => {
    const lead = zohoLead(record({ Full_Name: 'Dr John Doe', Phone: null, Mobile: '+44 20 7946 0958', Email: null, Owner: null, Company: null }));
    expect(lead).toMatchObject({ name: 'Dr John Doe', phone: '+442079460958', email: null, company: null, metadata: { zoho: { owner: null } } });
  });

  it('answers field errors for a lead with neither email nor phone', () => {
    expect(zohoLead(record({ Email: null, Phone: '  ', Mobile: null }))).toEqual([{ field: 'email', message: 'at least one of email or phone is required' }]);
  });
});

describe('zohoLeadVersion', () => {
  it('is the Modified_Time with a payload hash, so an edit within the same second still counts', () => {
    const a = zohoLeadVersion(record());
    expect(a).toMatch(/^2023-10-15T14:20:00\+00:00\|[A-Za-z0-9_-]{43}$/);
    expect(zohoLeadVersion(record())).toBe(a);
    expect(zohoLeadVersion(record({ Company: 'Other' }))).not.toBe(a);
    expect(zohoLeadVersion(record({ Modified_Time: null }))).toMatch(/^\|/);
  });
});
