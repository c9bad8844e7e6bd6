import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEAD_MERGE_MAX_LEADS } from '@hotleads/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '../../../../common/validation/optional-not-null.decorator';

// Per field, the id of the lead whose value the survivor takes.
export class LeadMergeFieldsDto {
  @OptionalNotNull() @IsUUID() name?: string;
  @OptionalNotNull() @IsUUID() email?: string;
  @OptionalNotNull() @IsUUID() phone?: string;
  @OptionalNotNull() @IsUUID() company?: string;
  @OptionalNotNull() @IsUUID() role?: string;
  @OptionalNotNull() @IsUUID() subject?: string;
  @OptionalNotNull() @IsUUID() message?: string;
  @OptionalNotNull() @IsUUID() notes?: string;
  @OptionalNotNull() @IsUUID() priority?: string;
  @OptionalNotNull() @IsUUID() assigneeId?: string;
  @OptionalNotNull() @IsUUID() followUpAt?: string;
  @OptionalNotNull() @IsUUID() qualityScore?: string;
}

export class MergeLeadsDto {
  /** The lead that stays. */
  @IsUUID()
  survivorId: string;

  /** The leads merged into the survivor and hidden (not the survivor itself). */
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: LEAD_MERGE_MAX_LEADS - 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LEAD_MERGE_MAX_LEADS - 1)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  leadIds: string[];

  /** Which lead each field comes from; a field left out takes the newest non-empty value. */
  @ApiProperty({ required: false, type: LeadMergeFieldsDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => LeadMergeFieldsDto)
  fields?: LeadMergeFieldsDto;

  /** The version (ETag) of each lead as the caller saw it, by id; a lead changed since answers 412 `precondition_failed`. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer', minimum: 1 } })
  @OptionalNotNull()
  @IsObject()
  versions?: Record<string, number>;
}
