import { IsOptional, IsString, MaxLength } from 'class-validator';

export class MfaEnableDto {
  /** The current 6-digit code from the authenticator app. */
  @IsString()
  @MaxLength(64)
  code: string;

  /** Instead of a bearer token: the token from a sign-in that answered `mfaEnrollmentRequired`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  mfaToken?: string;
}
