import type { ActorType } from '../audit/audit-log.entity';

export const IMPORT_JOB = 'leads.import';
// Attempts after the first; each resumes from the rows still staged.
export const IMPORT_JOB_RETRIES = 3;

// Everything the merge needs, serialisable: it may run in another process (WORKERS=only).
export interface ImportJobData {
  importId: string;
  tenantId: string;
  actor: { type: Extract<ActorType, 'user' | 'api_key'>; id: string; label: string };
  ip: string;
  userAgent: string | null;
  requestId: string;
}
