import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';

export type SubjectKind = 'email' | 'phone';

// The keyed hash that names a person without holding their address: the suppression list and the audit
// entry of an erasure store only this. The workspace is part of the input, so the same person has
// unrelated hashes in two workspaces. Inputs must already be normalised as intake stores them.
@Injectable()
export class SubjectHasher {
  // Imported once: a raw Buffer key is imported again by every createHmac (a bulk intake hashes two
  // identifiers per lead).
  private readonly key: KeyObject;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== 32) throw new Error('subject hash key must be 32 bytes');
    this.key = createSecretKey(Buffer.from(key));
  }

  hash(tenantId: string, kind: SubjectKind, value: string): string {
    return createHmac('sha256', this.key).update(`${tenantId}\u0000${kind}\u0000${value}`).digest('hex');
  }

  // The hashes of a lead's identifiers (email, phone), those it has.
  ofLead(tenantId: string, lead: { email: string | null; phone: string | null }): string[] {
    const out: string[] = [];
    if (lead.email) out.push(this.hash(tenantId, 'email', lead.email));
    if (lead.phone) out.push(this.hash(tenantId, 'phone', lead.phone));
    return out;
  }
}
