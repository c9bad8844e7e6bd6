import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Credentials } from '../../credentials-vault';
import type { SignatureResult } from '../../integration-values';
import { lastFour, type CredentialCheck, type InboundWebhook, type Inspection, type ProcessResult, type TestOutcome, type WebhookProvider } from '../webhook-provider';
import { ProviderError } from '../provider-error';
import { verifyAcuitySignature } from './acuity-signature';
import { AcuityClient, type AcuityCredentials } from './acuity.client';
import { acuityLead, appointmentAction, appointmentDetails } from './acuity-lead.mapper';

const FIELD_LIMIT = 200;

function credentialsOf(credentials: Credentials): AcuityCredentials {
  return { userId: credentials.userId ?? '', apiKey: credentials.apiKey ?? '' };
}

function formFields(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}

// Acuity Scheduling: form-encoded webhooks signed with the account's API key; the appointment is always
// fetched again by id before anything is stored (the webhook says only what happened to which id).
@Injectable()
export class AcuityProvider implements WebhookProvider {
  readonly name = 'acuity' as const;

  constructor(private readonly client: AcuityClient) {}

  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
    if (input === undefined) {
      return creating ? { credentials: null, errors: [{ field: 'credentials', message: 'Acuity needs credentials: { userId, apiKey }' }] } : { credentials: null, errors: [] };
    }
    const errors = [];
    const userId = typeof input.userId === 'number' ? String(input.userId) : input.userId;
    if (typeof userId !== 'string' || !/^\d{1,20}$/.test(userId.trim())) errors.push({ field: 'credentials.userId', message: 'userId must be the numeric Acuity User ID' });
    const apiKey = input.apiKey;
    if (typeof apiKey !== 'string' || apiKey.trim().length < 8 || apiKey.trim().length > FIELD_LIMIT || /\s/.test(apiKey.trim())) {
      errors.push({ field: 'credentials.apiKey', message: 'apiKey must be the Acuity API key (8 to 200 characters, no spaces)' });
    }
    for (const field of Object.keys(input)) if (field !== 'userId' && field !== 'apiKey') errors.push({ field: `credentials.${field}`, message: `${field} is not an Acuity credential` });
    if (errors.length > 0) return { credentials: null, errors };
    return { credentials: { userId: (userId as string).trim(), apiKey: (apiKey as string).trim() }, errors: [] };
  }

  hints(credentials: Credentials): Record<string, string> {
    // The User ID is hardly secret, but credentials show at most four characters: enough to tell accounts apart.
    const userId = credentials.userId ?? '';
    return { userId: userId.length > 4 ? `…${userId.slice(-4)}` : '…', apiKey: lastFour(credentials.apiKey ?? '') };
  }

  verify(request: InboundWebhook, credentials: Credentials): SignatureResult {
    return verifyAcuitySignature(request.headers['x-acuity-signature'], request.body, credentials.apiKey ?? '');
  }

  // Nothing signs a timestamp, so the same action on the same id with the same bytes is the same delivery.
  inspect(request: InboundWebhook): Inspection {
    const contentType = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/x-www-form-urlencoded') return { error: 'Acuity webhooks are application/x-www-form-urlencoded' };
    const fields = formFields(request.body);
    const action = fields.get('action');
    const id = fields.get('id');
    if (!action || !id) return { error: 'the body needs `action` and `id`' };
    const bodyHash = createHash('sha256').update(request.body).digest('hex');
    return { dedupeKey: `${action.slice(0, 100)}:${id.slice(0, 50)}:${bodyHash}`, action: action.slice(0, 100) };
  }

  async process(body: Buffer, credentials: Credentials): Promise<ProcessResult> {
    const fields = formFields(body);
    const rawAction = fields.get('action');
    const id = fields.get('id') ?? '';
    const action = appointmentAction(rawAction);
    // order.completed and anything new: authentic, acknowledged, nothing to store.
    if (!action) return { items: [], eventData: {}, result: { ignored: `action "${(rawAction ?? '').slice(0, 100)}" carries no appointment to store` } };
    const appointment = await this.client.appointment(credentialsOf(credentials), id);
    if (String(appointment.id) !== id) throw new ProviderError('invalid', `Acuity answered appointment ${id} with another one`);
    const details = appointmentDetails(appointment);
    return {
      items: [acuityLead(appointment, action)],
      eventData: {},
      leadEvent: {
        type: `appointment.${action}`,
        data: { appointmentId: details.id, type: details.type, calendar: details.calendar, datetime: details.datetime, timezone: details.timezone },
      },
      result: { appointmentId: details.id, action },
    };
  }

  async test(credentials: Credentials): Promise<TestOutcome> {
    try {
      const account = await this.client.me(credentialsOf(credentials));
      const who = [account.name, account.email].filter((v) => typeof v === 'string' && v !== '').join(', ');
      return { ok: true, message: who ? `Connected to Acuity as ${who}` : 'Connected to Acuity' };
    } catch (error) {
      if (error instanceof ProviderError) return { ok: false, message: error.message };
      throw error;
    }
  }
}
