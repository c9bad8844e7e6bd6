import { Inject, Injectable } from '@nestjs/common';
import { integrationsConfig, type IntegrationsConfig } from '../../../../config/integrations.config';
import { ProviderError } from '../provider-error';
import type { AcuityAppointment } from './acuity-appointment';

export interface AcuityCredentials {
  userId: string;
  apiKey: string;
}

export interface AcuityAccount {
  id?: number;
  name?: string;
  email?: string;
}

// Acuity's REST API with Basic auth (User ID : API key). The base URL comes from ACUITY_BASE_URL only;
// nothing from a request or a connection reaches it except a numeric appointment id.
@Injectable()
export class AcuityClient {
  private readonly baseUrl: string;

  constructor(@Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig) {
    this.baseUrl = config.ACUITY_BASE_URL.replace(/\/+$/, '');
  }

  me(credentials: AcuityCredentials): Promise<AcuityAccount> {
    return this.get<AcuityAccount>('/me', credentials, 'the account');
  }

  appointment(credentials: AcuityCredentials, id: string): Promise<AcuityAppointment> {
    if (!/^\d{1,20}$/.test(id)) throw new ProviderError('invalid', `"${id.slice(0, 30)}" is not an Acuity appointment id`);
    return this.get<AcuityAppointment>(`/appointments/${id}`, credentials, `appointment ${id}`);
  }

  private async get<T>(path: string, credentials: AcuityCredentials, what: string): Promise<T> {
    const auth = Buffer.from(`${credentials.userId}:${credentials.apiKey}`, 'utf8').toString('base64');
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        headers: { authorization: `Basic ${auth}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.PROVIDER_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ProviderError('retryable', `Acuity did not answer within ${this.config.PROVIDER_TIMEOUT_MS} ms`);
      }
      throw new ProviderError('retryable', 'Acuity could not be reached');
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ProviderError('retryable', `Acuity answered ${what} with something that is not JSON`);
      }
    }
    const message = acuityMessage(text);
    const status = response.status;
    if (status === 401 || status === 403) throw new ProviderError('auth', `Acuity refused the API key (${status}${message ? `: ${message}` : ''})`);
    if (status === 404) throw new ProviderError('not_found', `Acuity has no ${what} (404)`);
    if (status === 429) throw new ProviderError('retryable', 'Acuity is limiting requests (429); will try again');
    if (status >= 500) throw new ProviderError('retryable', `Acuity failed (${status}); will try again`);
    throw new ProviderError('invalid', `Acuity refused the request for ${what} (${status}${message ? `: ${message}` : ''})`);
  }
}

// Acuity's error body is {"status_code", "message", "error"}; only its message is worth showing.
function acuityMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === 'string' ? body.message.slice(0, 200) : null;
  } catch {
    return null;
  }
}
