import { IsOptional, IsString, MaxLength } from 'class-validator';

export class MfaSetupDto {
  /** Instead of a bearer token: the token from a sign-in that answered `mfaEnrollmentRequired`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  mfaToken?: string;
}
