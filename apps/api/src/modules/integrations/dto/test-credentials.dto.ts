import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject } from 'class-validator';
import { OptionalNotNull } from '../../../common/validation/optional-not-null.decorator';
import { PROVIDERS, type ProviderName } from '../integration-values';

// Credentials checked against the provider before a connection is saved: nothing is stored.
export class TestCredentialsDto {
  @ApiProperty({ enum: PROVIDERS })
  @IsIn(PROVIDERS)
  provider: ProviderName;

  /** Write-only, the same shape as when creating the connection. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @OptionalNotNull()
  @IsObject()
  credentials?: Record<string, unknown>;
}
