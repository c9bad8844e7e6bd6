import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

// Only what is given changes. New credentials replace the old ones whole and put a connection that needed
// attention back to active, with its failed deliveries queued again.
export class UpdateConnectionDto {
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @OptionalNotNull()
  @IsObject()
  config?: Record<string, unknown>;

  /** Write-only; replaces the stored credentials. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @OptionalNotNull()
  @IsObject()
  credentials?: Record<string, unknown>;

  /** Pull connections (Zoho CRM): minutes between scheduled runs, 1 to 1440 (default 5). */
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1440)
  syncIntervalMinutes?: number;
}
