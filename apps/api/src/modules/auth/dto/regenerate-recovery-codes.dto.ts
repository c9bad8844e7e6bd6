import { IsString, MaxLength } from 'class-validator';

export class RegenerateRecoveryCodesDto {
  /** A 6-digit TOTP code (not a recovery code). */
  @IsString()
  @MaxLength(64)
  code: string;
}
