import { Injectable } from '@nestjs/common';
import { HOTP, Secret, TOTP } from 'otpauth';
import { toDataURL } from 'qrcode';
import { safeEqual } from './tokens';

// What every authenticator app supports (RFC 6238 defaults).
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
const SECRET_BYTES = 20;
// Accept the neighbouring steps to absorb clock drift and a code typed just as it rolled over.
const WINDOW = 1;

@Injectable()
export class TotpService {
  generateSecret(): string {
    return new Secret({ size: SECRET_BYTES }).base32;
  }

  otpauthUri(secret: string, accountLabel: string, issuer = 'Hot Leads'): string {
    return new TOTP({
      issuer,
      label: accountLabel,
      secret: Secret.fromBase32(secret),
      algorithm: ALGORITHM,
      digits: DIGITS,
      period: PERIOD_SECONDS,
    }).toString();
  }

  qrDataUrl(uri: string): Promise<string> {
    return toDataURL(uri, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2 });
  }

  // Returns the time step the code belongs to, to be stored as the new lastUsedStep, or null.
  verify(secret: string, code: string, lastUsedStep: number | null, now = Date.now()): number | null {
    const token = code.replace(/\s+/g, '');
    if (!new RegExp(`^\\d{${DIGITS}}$`).test(token)) return null;
    const key = Secret.fromBase32(secret);
    const current = this.step(now);
    // Current step first, then the older and newer neighbours, like otpauth's own validate.
    const candidates = [current];
    for (let delta = 1; delta <= WINDOW; delta++) candidates.push(current - delta, current + delta);
    for (const step of candidates) {
      // A code already used (or older than the last one used) cannot log in twice.
      if (lastUsedStep !== null && step <= lastUsedStep) continue;
      if (safeEqual(token, this.codeAt(key, step))) return step;
    }
    return null;
  }

  generate(secret: string, now = Date.now()): string {
    return this.codeAt(Secret.fromBase32(secret), this.step(now));
  }

  private step(now: number): number {
    return Math.floor(now / 1000 / PERIOD_SECONDS);
  }

  private codeAt(secret: Secret, step: number): string {
    return HOTP.generate({ secret, algorithm: ALGORITHM, digits: DIGITS, counter: step });
  }
}
