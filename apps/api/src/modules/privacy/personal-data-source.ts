import type { EntityManager } from 'typeorm';

// The person an admin asked about, as intake stores them.
export interface Subject {
  tenantId: string;
  // Normalised as intake does (lead-rules): the columns hold these exact values.
  email: string | null;
  phone: string | null;
  // Texts that identify the person inside free text and JSON (lower-case): the email, its URL-encoded
  // form, the phone number. Names are not searched for: too many people share one.
  needles: string[];
  // The person's leads (with the trash), found first by the leads source; rows linked to them belong
  // to the person whatever they say. In an erasure batch, only that batch's leads.
  leadIds: string[];
}

// One table (or one kind of record) that can hold a person's data. Search, export and erasure walk the
// registry in order, so a feature with a table of personal data adds one entry and is covered.
export interface PersonalDataSource {
  kind: string;
  // What an admin reads on the Privacy page about what erasure does here.
  erasure: string;
  // The person's records (every column worth exporting; ids as text).
  find(m: EntityManager, subject: Subject): Promise<Array<Record<string, unknown>>>;
  // Replaces or deletes what identifies the person; answers the number of rows touched.
  erase(m: EntityManager, subject: Subject): Promise<number>;
}
