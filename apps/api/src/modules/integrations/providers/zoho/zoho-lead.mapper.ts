import { hash } from 'node:crypto';
import type { FieldError } from '../../../../common/problem/problem.exception';
import { normaliseLead, type NormalisedLead } from '../../../leads/lead-input';

export const ZOHO_SOURCE = 'zoho';

// The Leads fields a pull asks for (Zoho v3+ requires `fields`, at most 50).
export const ZOHO_LEAD_FIELDS = [
  'First_Name',
  'Last_Name',
  'Full_Name',
  'Email',
  'Phone',
  'Mobile',
  'Company',
  'Designation',
  'Lead_Source',
  'Lead_Status',
  'Description',
  'Owner',
  'Created_Time',
  'Modified_Time',
] as const;

export interface ZohoLead {
  id: string;
  First_Name?: string | null;
  Last_Name?: string | null;
  Full_Name?: string | null;
  Email?: string | null;
  Phone?: string | null;
  Mobile?: string | null;
  Company?: string | null;
  Designation?: string | null;
  Lead_Source?: string | null;
  Lead_Status?: string | null;
  Description?: string | null;
  Owner?: { id?: string; name?: string; email?: string } | null;
  Created_Time?: string | null;
  Modified_Time?: string | null;
}

const text = (value: unknown, max = 1000): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined);

// The version a Zoho lead was applied at: its Modified_Time and a hash of the record. Modified_Time has
// whole seconds, so an edit in the same second as the last read keeps it; the hash still tells.
export function zohoLeadVersion(record: ZohoLead): string {
  return `${text(record.Modified_Time, 40) ?? ''}|${hash('sha256', JSON.stringify(record), 'base64url')}`;
}

// One Zoho lead as a lead of ours: source `zoho`, the Zoho id as its reference, what Zoho knows about it
// (status, lead source, owner, times) in metadata. Errors (no email and no phone...) come back as field errors.
export function zohoLead(record: ZohoLead): NormalisedLead | FieldError[] {
  const name = text(record.Full_Name, 200) ?? ([text(record.First_Name, 100), text(record.Last_Name, 100)].filter(Boolean).join(' ') || undefined);
  const result = normaliseLead(
    {
      name,
      email: text(record.Email, 320),
      phone: text(record.Phone, 50) ?? text(record.Mobile, 50),
      company: text(record.Company, 200),
      role: text(record.Designation, 200),
      message: text(record.Description, 5000),
    },
    {
      source: ZOHO_SOURCE,
      type: 'contact',
      tags: [],
      metadata: {
        zoho: {
          id: record.id,
          leadSource: text(record.Lead_Source, 200) ?? null,
          leadStatus: text(record.Lead_Status, 200) ?? null,
          owner: record.Owner ? { id: text(record.Owner.id, 40) ?? null, name: text(record.Owner.name, 200) ?? null, email: text(record.Owner.email, 320) ?? null } : null,
          createdTime: text(record.Created_Time, 40) ?? null,
          modifiedTime: text(record.Modified_Time, 40) ?? null,
        },
      },
    },
  );
  if ('errors' in result) return result.errors;
  return { ...result.lead, sourceRef: record.id };
}
