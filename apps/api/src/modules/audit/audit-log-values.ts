import type { ActorType, AuditOutcome } from './audit-log.entity';

export const ACTOR_TYPES = ['user', 'api_key', 'system', 'anonymous'] as const satisfies readonly ActorType[];
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const satisfies readonly AuditOutcome[];
