import dayjs from 'dayjs';
import type { AuditLogEntry } from '../api/get-audit-logs';

export const formatTime = (iso: string): string => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

const ACTOR_TYPE_NAMES: Record<AuditLogEntry['actorType'], string> = {
  user: 'User',
  api_key: 'API key',
  system: 'System',
  anonymous: 'Anonymous',
};

export const actorTypeName = (type: AuditLogEntry['actorType']): string => ACTOR_TYPE_NAMES[type];

// Who did it, as recorded then: the email or key name, else what kind of actor it was.
export const actorName = (entry: AuditLogEntry): string => entry.actorLabel ?? ACTOR_TYPE_NAMES[entry.actorType];

export const OUTCOME_COLORS: Record<AuditLogEntry['outcome'], string> = {
  success: 'teal',
  failure: 'red',
  denied: 'orange',
};
