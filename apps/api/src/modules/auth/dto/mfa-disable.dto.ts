import { IsString, MaxLength } from 'class-validator';

export class MfaDisableDto {
  @IsString()
  @MaxLength(1024)
  password: string;

  /** A 6-digit TOTP code or a recovery code. */
  @IsString()
  @MaxLength(64)
  code: string;
}
