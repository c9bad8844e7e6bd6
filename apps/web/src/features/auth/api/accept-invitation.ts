import type { Schemas } from '@hotleads/api-client';
import { useMutation } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';
import type { SignInAnswer } from './sign-in';

// Answers like a sign-in: tokens, or the MFA enrolment the workspace requires first.
export async function acceptInvitation(body: Schemas['AcceptInvitationDto']): Promise<SignInAnswer> {
  const { data, error, response } = await send(api.POST('/api/v1/auth/invitations/accept', { body }));
  if (!data) throw toApiError(response, error);
  return data;
}

export function useAcceptInvitation() {
  return useMutation({ mutationFn: acceptInvitation });
}
