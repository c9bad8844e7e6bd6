import { createHmac } from 'node:crypto';
import { EncryptionService } from '../../common/crypto/encryption.service';

export type Credentials = Record<string, string>;

export interface SealedCredentials {
  ciphertext: string;
  keyId: string;
}

// Names a key without revealing it: stored beside each sealed value, so a rotation knows which rows are
// still under the old key and a reader knows which key opens a row.
export function encryptionKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('hotleads credentials key id', 'utf8').digest('hex').slice(0, 16);
}


// Connection credentials at rest: one JSON object per connection, AES-256-GCM under the current key with
// the connection id as associated data (a sealed value copied onto another connection does not open).
// Values sealed under the previous key (ENCRYPTION_KEY_PREVIOUS, during a rotation) still open.
// `kind` names the table the sealed values belong to (single sign-on secrets use their own), so a value
// cannot be moved from one kind of row to another either.
export class CredentialsVault {
  readonly currentKeyId: string;
  private readonly current: EncryptionService;
  private readonly byId = new Map<string, EncryptionService>();

  constructor(
    currentKey: Buffer,
    previousKeys: Buffer[] = [],
    private readonly kind = 'integration_connection',
  ) {
    this.current = new EncryptionService(currentKey);
    this.currentKeyId = encryptionKeyId(currentKey);
    this.byId.set(this.currentKeyId, this.current);
    for (const key of previousKeys) {
      const id = encryptionKeyId(key);
      if (!this.byId.has(id)) this.byId.set(id, new EncryptionService(key));
    }
  }

  private aadOf(connectionId: string): string {
    return `${this.kind}:${connectionId}`;
  }

  seal(connectionId: string, credentials: Credentials): SealedCredentials {
    return { ciphertext: this.current.encrypt(JSON.stringify(credentials), this.aadOf(connectionId)), keyId: this.currentKeyId };
  }

  open(connectionId: string, sealed: SealedCredentials): Credentials {
    const service = this.byId.get(sealed.keyId);
    if (!service) throw new Error(`cannot open credentials: sealed under key ${sealed.keyId}, which is not configured (set ENCRYPTION_KEY_PREVIOUS)`);
    const parsed: unknown = JSON.parse(service.decrypt(sealed.ciphertext, this.aadOf(connectionId)));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('cannot open credentials: not an object');
    return parsed as Credentials;
  }

  // Re-seals under the current key; null when it already is.
  reseal(connectionId: string, sealed: SealedCredentials): SealedCredentials | null {
    if (sealed.keyId === this.currentKeyId) return null;
    return this.seal(connectionId, this.open(connectionId, sealed));
  }
}
