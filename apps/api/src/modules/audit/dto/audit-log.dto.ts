import { ApiProperty } from '@nestjs/swagger';
import type { ActorType, AuditOutcome } from '../audit-log.entity';
import { ACTOR_TYPES, AUDIT_OUTCOMES } from '../audit-log-values';

export class AuditLogDto {
  id: string;
  createdAt: Date;
  @ApiProperty({ enum: ACTOR_TYPES })
  actorType: ActorType;
  actorId: string | null;
  /** The actor's email or the API key's name, as it was at the time. */
  actorLabel: string | null;
  /** The acting user's name as it is now; null for other actors, removed users and users without a name. */
  actorName: string | null;
  /** e.g. `auth.login`, `api_key.create`, `settings.update`. */
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES })
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** Changed fields, secrets redacted. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  changes: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  metadata: Record<string, unknown> | null;
}
