import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../users/trim.decorator';

export class SubjectQueryDto {
  /** The person's email address (compared as intake stores it: trimmed, lower-case). */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(320)
  email?: string;

  /** The person's phone number in international form (+CC...); compared as E.164. */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(64)
  phone?: string;
}
