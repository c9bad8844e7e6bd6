import { ApiProperty } from '@nestjs/swagger';

export class AssignmentRuleDto {
  id: string;
  name: string;
  /** A condition of the rule language, or null for every lead. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  condition: Record<string, unknown> | null;
  /** `user`: always userId; `round_robin`: the members of groupUserIds in turn. */
  action: string;
  userId: string | null;
  groupUserIds: string[];
  /** The member who received the rule's last lead (the round-robin position). */
  lastUserId: string | null;
  enabled: boolean;
  position: number;
}

export class AssignmentSettingsDto {
  /** In order: the first enabled rule that matches assigns the lead. */
  rules: AssignmentRuleDto[];
  /** IANA time zone of time-of-day conditions. */
  timeZone: string;
}
