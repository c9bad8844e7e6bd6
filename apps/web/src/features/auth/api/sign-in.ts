import type { Schemas } from '@hotleads/api-client';
import { api, send, toApiError } from '@/lib/api-client';

export type SignInAnswer = Schemas['LoginResponseDto'];
export type MfaSetup = Schemas['MfaSetupResponseDto'];
export type MfaEnabled = Schemas['MfaEnableResponseDto'];

// Each step answers either tokens (signed in) or the next step's mfaToken; a failure throws an ApiError.
export async function signInWithPassword(body: Schemas['LoginDto']): Promise<SignInAnswer> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/login', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export async function verifyMfaCode(body: Schemas['MfaVerifyDto']): Promise<SignInAnswer> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/mfa/verify', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

// Enrolment during sign-in, when the workspace requires MFA of a user who has none yet.
export async function startMfaEnrolment(mfaToken: string): Promise<MfaSetup> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/mfa/setup', { body: { mfaToken } }));
  if (!data) throw toApiError(response, error);
  return data;
}

export async function confirmMfaEnrolment(mfaToken: string, code: string): Promise<MfaEnabled> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/mfa/enable', { body: { mfaToken, code } }));
  if (!data) throw toApiError(response, error);
  return data;
}
