import type { Schemas } from '@hotleads/api-client';

export const FORM_ID = '6a1f3c5e-8b2d-4e7f-9c1a-3b5d7f9e1a2c';

// A FormDto as the API sends it, for component tests.
export const formDto = (overrides: Partial<Schemas['FormDto']> = {}): Schemas['FormDto'] => ({
  id: FORM_ID,
  type: 'contact',
  name: 'Contact',
  allowedOrigins: [],
  redirectUrls: [],
  defaultPriority: 'medium',
  defaultTags: [],
  acknowledgmentEmail: false,
  enabled: true,
  consentLabel: null,
  consentPolicyVersion: null,
  publicUrl: `http://localhost:3000/api/v1/public/forms/${overrides.id ?? FORM_ID}/submissions`,
  submissionCount: 1234,
  spamCount: 5,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  ...overrides,
});
