import { IsString, MaxLength } from 'class-validator';

export class MfaVerifyDto {
  /** The token returned by POST /auth/login when `mfaRequired` is true. */
  @IsString()
  @MaxLength(200)
  mfaToken: string;

  /** A 6-digit TOTP code, or one of the recovery codes. */
  @IsString()
  @MaxLength(64)
  code: string;
}
