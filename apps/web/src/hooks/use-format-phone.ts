import { useCallback } from 'react';
import { useSession } from '@/lib/session';
import { formatPhone } from '@/utils/format-phone';

// formatPhone with the signed-in workspace's country.
export function useFormatPhone(): (phone: string) => string {
  const session = useSession();
  const country = session.status === 'signed-in' ? session.workspace.settings.phoneCountry : null;
  return useCallback((phone: string) => formatPhone(phone, country), [country]);
}
