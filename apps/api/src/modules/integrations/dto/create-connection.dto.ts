import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { PROVIDERS, type ProviderName } from '../integration-values';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateConnectionDto {
  @ApiProperty({ enum: PROVIDERS })
  @IsIn(PROVIDERS)
  provider: ProviderName;

  /** A name to tell connections apart, e.g. "Acuity: sales calendar". */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  /** Settings that are not secret. Secrets belong in `credentials`. */
  @OptionalNotNull()
  @IsObject()
  config?: Record<string, unknown>;

  /** Write-only. Acuity: `{ "userId": "123456", "apiKey": "..." }`. A `webhook` source takes none: its secret is generated. */
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
