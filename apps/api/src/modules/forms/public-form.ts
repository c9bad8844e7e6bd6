import type { LeadPriority, LeadType } from '@hotleads/shared';

// What a submission needs to know about its form, found by id before the tenant is known.
export interface PublicForm {
  id: string;
  tenantId: string;
  type: LeadType;
  allowedOrigins: string[];
  redirectUrls: string[];
  defaultPriority: LeadPriority;
  defaultTags: string[];
  acknowledgmentEmail: boolean;
  enabled: boolean;
  consentLabel: string | null;
  consentPolicyVersion: string | null;
}

// Marks the routes (fastify route config) whose CORS and form-encoded bodies this module handles.
export const PUBLIC_FORM_ROUTE = 'hotleadsPublicForm';
