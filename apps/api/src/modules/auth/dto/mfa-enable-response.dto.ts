import { LoginResponseDto } from './login-response.dto';

// The recovery codes, shown once; during enrolment at sign-in (with an mfaToken) also the new session.
export class MfaEnableResponseDto extends LoginResponseDto {
  recoveryCodes: string[];
}
