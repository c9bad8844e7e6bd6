import type { Schemas } from '@hotleads/api-client';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, send, toApiError } from '@/lib/api-client';

export type SmsNumber = Schemas['SmsNumberDto'];

const SMS_NUMBER_KEY = ['notification-preferences', 'sms-number'] as const;

export const smsNumberQueryOptions = () =>
  queryOptions({
    queryKey: SMS_NUMBER_KEY,
    queryFn: async (): Promise<SmsNumber> => {
      const { data, error, response } = await send(api.GET('/api/v1/me/sms-number'));
      if (!data) throw toApiError(response, error);
      return data;
    },
  });

export const useSmsNumber = () => useQuery(smsNumberQueryOptions());

// Sets the number and texts it a code.
export function useStartSmsVerification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (phone: string): Promise<SmsNumber> => {
      const { data, error, response } = await send(api.POST('/api/v1/me/sms-number', { body: { phone } }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (number) => queryClient.setQueryData(SMS_NUMBER_KEY, number),
    // A refused or failed code still changed the stored number.
    onError: () => queryClient.invalidateQueries({ queryKey: SMS_NUMBER_KEY }),
  });
}

export function useVerifySmsNumber() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (code: string): Promise<SmsNumber> => {
      const { data, error, response } = await send(api.POST('/api/v1/me/sms-number/verify', { body: { code } }));
      if (!data) throw toApiError(response, error);
      return data;
    },
    onSuccess: (number) => queryClient.setQueryData(SMS_NUMBER_KEY, number),
    onError: () => queryClient.invalidateQueries({ queryKey: SMS_NUMBER_KEY }),
  });
}

export function useRemoveSmsNumber() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<void> => {
      const { error, response } = await send(api.DELETE('/api/v1/me/sms-number'));
      if (!response.ok) throw toApiError(response, error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: SMS_NUMBER_KEY }),
  });
}
