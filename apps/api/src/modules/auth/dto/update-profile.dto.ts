import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

// What a user may change about themselves; role, status and email stay with users:manage.
export class UpdateProfileDto {
  /** Display name as colleagues see it; surrounding spaces are dropped. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}
