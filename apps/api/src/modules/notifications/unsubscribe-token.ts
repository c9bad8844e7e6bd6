import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-values';

export interface UnsubscribeClaim {
  tenantId: string;
  userId: string;
  kind: NotificationKind;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CLAIM = new RegExp(`^(${UUID})\\.(${UUID})\\.([a-z_]{1,40})$`);

// An emailed "stop these emails" link works without signing in: it carries the user, the workspace and the
// kind, signed with a key derived from the server secret for this one purpose. It never expires (mail is old
// when it is read) and grants nothing but turning one kind of email off.
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secret: string | Buffer) {
    this.key = createHmac('sha256', secret).update('hotleads:notification-unsubscribe').digest();
  }

  sign(claim: UnsubscribeClaim): string {
    const body = `${claim.tenantId}.${claim.userId}.${claim.kind}`;
    return `${Buffer.from(body).toString('base64url')}.${this.mac(body).toString('base64url')}`;
  }

  // Null for anything this server did not sign.
  verify(token: string): UnsubscribeClaim | null {
    const [encoded, mac, extra] = token.split('.');
    if (!encoded || !mac || extra !== undefined || encoded.length > 200 || mac.length > 64) return null;
    const body = Buffer.from(encoded, 'base64url').toString('utf8');
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const match = CLAIM.exec(body);
    if (!match || !(NOTIFICATION_KINDS as readonly string[]).includes(match[3])) return null;
    return { tenantId: match[1], userId: match[2], kind: match[3] as NotificationKind };
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
