import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import { ValidationException } from '../../common/problem/validation.exception';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { CredentialsVaultService } from '../integrations/credentials-vault.service';
import { TWILIO_NUMBER_REFUSED, TwilioSmsProvider } from '../integrations/providers/twilio/twilio-sms.provider';
import { normalisePhone } from '../leads/lead-rules';
import type { SmsNumberDto } from './dto/sms-number.dto';
import { NotificationSmsRepository, type SmsNumberRow, type TwilioConnectionRow } from './notification-sms.repository';
import { SmsNotAvailableException } from './sms-not-available.exception';
import { SmsNumberRefusedException } from './sms-number-refused.exception';
import { SmsSendFailedException } from './sms-send-failed.exception';
import { VerificationAttemptsExhaustedException } from './verification-attempts-exhausted.exception';
import { VerificationCodeExpiredException } from './verification-code-expired.exception';
import { WrongVerificationCodeException } from './wrong-verification-code.exception';

type StaffCtx = AuthedContext<UserPrincipal>;

const CODE_TTL_MS = 10 * 60_000;
const MAX_ATTEMPTS = 5;
// Codes a user may ask for: one a minute, five an hour (each one is a paid text message to any number).
const RESEND_AFTER_MS = 60_000;
const CODES_PER_WINDOW = 5;
const WINDOW_MS = 60 * 60_000;

function toDto(row: SmsNumberRow | null, smsAvailable: boolean, now = new Date()): SmsNumberDto {
  const waiting = row?.code_hash && row.code_expires_at && row.code_expires_at > now && row.code_attempts < MAX_ATTEMPTS;
  return {
    smsAvailable,
    phone: row?.phone ?? null,
    verified: row?.verified_at != null,
    codeExpiresAt: waiting ? row.code_expires_at : null,
    invalidReason: row?.invalid_reason ?? null,
  };
}

// A user's number for text messages (Profile, Notifications): entered, proven with a code sent once by SMS,
// removed. Codes are kept as an HMAC keyed with the server's secret and bound to the user, never in the clear.
@Injectable()
export class NotificationSmsNumberService {
  private readonly codeKey: string;

  constructor(
    private readonly db: TenantDb,
    private readonly repository: NotificationSmsRepository,
    private readonly vault: CredentialsVaultService,
    private readonly twilio: TwilioSmsProvider,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.codeKey = runtime.secrets.jwtSecret;
  }

  get(ctx: StaffCtx): Promise<SmsNumberDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => toDto(await this.repository.number(m, tenantId, userId), (await this.repository.twilioConnection(m, tenantId)) !== null));
  }

  async start(ctx: StaffCtx, rawPhone: string): Promise<SmsNumberDto> {
    const { tenantId, userId } = ctx.principal;
    const phone = normalisePhone(rawPhone.trim());
    if (!phone) throw new ValidationException([{ field: 'phone', message: 'phone must be a valid number in international form, such as +44 7700 900123' }]);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const connection = await this.db.run(tenantId, async (m) => {
      const found = await this.repository.twilioConnection(m, tenantId);
      if (!found) throw new SmsNotAvailableException();
      const now = Date.now();
      const current = await this.repository.number(m, tenantId, userId, true);
      if (current?.last_code_at && now - current.last_code_at.getTime() < RESEND_AFTER_MS) {
        throw new RateLimitedException(Math.ceil((RESEND_AFTER_MS - (now - current.last_code_at.getTime())) / 1000));
      }
      const windowOpen = current?.codes_window_start && now - current.codes_window_start.getTime() < WINDOW_MS;
      const sent = windowOpen ? current.codes_sent : 0;
      if (windowOpen && sent >= CODES_PER_WINDOW) throw new RateLimitedException(Math.ceil((WINDOW_MS - (now - current.codes_window_start!.getTime())) / 1000));
      await this.repository.saveCode(m, tenantId, userId, {
        phone,
        codeHash: this.hash(userId, phone, code),
        expiresAt: new Date(now + CODE_TTL_MS),
        codesSent: sent + 1,
        windowStart: windowOpen ? current.codes_window_start! : new Date(now),
      });
      return found;
    });

    // Sent after the code is stored, outside the transaction: a code the user receives can always be checked.
    const result = await this.send(connection, phone, `Your Hot Leads code is ${code}. It expires in 10 minutes.`);
    if (!result.ok) {
      await this.db.run(tenantId, (m) => this.repository.dropCode(m, tenantId, userId));
      if (result.code !== null && TWILIO_NUMBER_REFUSED.has(result.code)) throw new SmsNumberRefusedException(result.message);
      throw new SmsSendFailedException(result.status === null ? result.message : `Twilio answered ${result.status}`);
    }
    return this.get(ctx);
  }

  async verify(ctx: StaffCtx, code: string): Promise<SmsNumberDto> {
    const { tenantId, userId } = ctx.principal;
    // Counting a try commits even when the answer is an error: the transaction returns its verdict instead
    // of throwing inside it.
    const verdict = await this.db.run(tenantId, async (m) => {
      const row = await this.repository.number(m, tenantId, userId, true);
      if (!row?.code_hash || !row.code_expires_at) return { error: new VerificationCodeExpiredException() };
      if (row.code_attempts >= MAX_ATTEMPTS) return { error: new VerificationAttemptsExhaustedException() };
      if (row.code_expires_at <= new Date()) return { error: new VerificationCodeExpiredException() };
      const given = Buffer.from(this.hash(userId, row.phone, code), 'hex');
      if (!timingSafeEqual(given, Buffer.from(row.code_hash, 'hex'))) {
        await this.repository.countAttempt(m, tenantId, userId);
        return { error: new WrongVerificationCodeException(MAX_ATTEMPTS - row.code_attempts - 1) };
      }
      await this.repository.markVerified(m, tenantId, userId);
      return { error: null };
    });
    if (verdict.error) throw verdict.error;
    return this.get(ctx);
  }

  async remove(ctx: StaffCtx): Promise<void> {
    const { tenantId, userId } = ctx.principal;
    await this.db.run(tenantId, (m) => this.repository.remove(m, tenantId, userId));
  }

  // Sends one text through the workspace's connection (also the sender's way out).
  send(connection: TwilioConnectionRow, to: string, body: string): ReturnType<TwilioSmsProvider['send']> {
    const credentials = connection.credentials && connection.credentials_key_id ? this.vault.open(connection.id, { ciphertext: connection.credentials, keyId: connection.credentials_key_id }) : {};
    const from = typeof connection.config.fromNumber === 'string' ? connection.config.fromNumber : '';
    return this.twilio.send(credentials, from, to, body);
  }

  private hash(userId: string, phone: string, code: string): string {
    return createHmac('sha256', this.codeKey).update(`sms-code:${userId}:${phone}:${code}`).digest('hex');
  }
}
