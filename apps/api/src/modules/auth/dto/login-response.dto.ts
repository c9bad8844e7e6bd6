import { AuthUserDto } from './auth-user.dto';

// Either a session (accessToken ... user) or the next step: `mfaRequired` (send a code to
// /auth/mfa/verify) or `mfaEnrollmentRequired` (the workspace requires MFA: enrol with the mfaToken).
export class LoginResponseDto {
  accessToken?: string;
  tokenType?: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn?: number;
  user?: AuthUserDto;
  mfaRequired?: boolean;
  mfaEnrollmentRequired?: boolean;
  mfaToken?: string;
}
