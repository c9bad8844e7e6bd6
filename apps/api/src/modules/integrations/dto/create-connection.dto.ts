import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
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
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  /** Write-only. Acuity: `{ "userId": "123456", "apiKey": "..." }`. A `webhook` source takes none: its secret is generated. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, unknown>;
}
