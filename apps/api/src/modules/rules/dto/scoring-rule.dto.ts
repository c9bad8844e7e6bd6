import { ApiProperty } from '@nestjs/swagger';

export class ScoringRuleDto {
  id: string;
  name: string;
  /** A condition of the rule language (see `LeadCondition` in the shared library). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  condition: Record<string, unknown>;
  /** Added to the score when the condition holds; negative allowed. */
  points: number;
  enabled: boolean;
  position: number;
}
