import { ProviderError } from '../provider-error';
import type { HttpAnswer } from '../../sync/provider-http';

// Zoho's error body is {"code","details","message","status":"error"}.
export function zohoCode(answer: HttpAnswer): { code: string | null; message: string | null } {
  try {
    const body = JSON.parse(answer.text) as { code?: unknown; message?: unknown };
    return { code: typeof body.code === 'string' ? body.code.slice(0, 60) : null, message: typeof body.message === 'string' ? body.message.slice(0, 200) : null };
  } catch {
    return { code: null, message: null };
  }
}

export function zohoError(answer: HttpAnswer, what: string): ProviderError {
  const { code, message } = zohoCode(answer);
  const detail = [code, message].filter(Boolean).join(': ');
  if (answer.status === 401) return new ProviderError('auth', `Zoho refused the access token for ${what} (${detail || 401}): reconnect`);
  if (answer.status === 403) return new ProviderError('auth', `Zoho refused access to ${what} (${detail || 403}): check the scopes granted (ZohoCRM.modules.leads.ALL)`);
  return new ProviderError('invalid', `Zoho refused the request for ${what} (${answer.status}${detail ? `: ${detail}` : ''})`);
}

// Zoho's If-Modified-Since form: 2019-07-25T15:26:49+00:00.
export function zohoTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

export function parseJson<T>(answer: HttpAnswer, what: string): T {
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    throw new ProviderError('retryable', `Zoho answered ${what} with something that is not JSON`);
  }
}
