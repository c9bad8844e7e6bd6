import type { LeadType } from '@hotleads/shared';

// Every new workspace starts with one form per built-in lead type; they can be edited or deleted.
export const DEFAULT_FORMS: ReadonlyArray<{ type: LeadType; name: string }> = [
  { type: 'contact', name: 'Contact' },
  { type: 'cv_request', name: 'CV request' },
  { type: 'collaboration', name: 'Collaboration' },
];
