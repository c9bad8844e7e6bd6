import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../optional-not-null.decorator';

// Every field optional: only what is sent changes. Apart from `name`, each field is a key of the
// tenants.settings document and is merged into it.
export class UpdateSettingsDto {
  @OptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @OptionalNotNull()
  @IsBoolean()
  requireMfa?: boolean;
}
