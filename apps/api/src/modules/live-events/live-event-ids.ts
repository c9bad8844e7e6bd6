import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

const BLOCK_BYTES = 16;
const ID_BYTES = 8;
const MAX_KEYS = 10_000;
const OPAQUE_ID = /^[A-Za-z0-9_-]{22}$/;

// The ids a workspace sees on its event stream. Inside, events are numbered by one sequence shared by
// all workspaces; handed out as they are, a workspace could watch the gaps and count everyone else's
// activity. So each id leaves encrypted under a key of the workspace's own: one AES block holding the
// number and eight zero bytes, 22 base64url characters that look random, differ between workspaces for
// the same number and come back (Last-Event-ID) to the exact number, so resuming stays exact. The zero
// bytes make an id from another workspace, or a made-up one, fail to decode instead of pointing anywhere.
export class LiveEventIds {
  private readonly master: Buffer;
  private readonly keys = new Map<string, Buffer>();

  constructor(secret: Buffer) {
    this.master = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'hotleads live event ids', 32));
  }

  encode(tenantId: string, id: string | bigint): string {
    const block = Buffer.alloc(BLOCK_BYTES);
    block.writeBigUInt64BE(BigInt(id));
    const cipher = createCipheriv('aes-128-ecb', this.keyOf(tenantId), null).setAutoPadding(false);
    return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url');
  }

  // The number behind an id this workspace was given; null for anything else.
  decode(tenantId: string, opaque: string): bigint | null {
    if (!OPAQUE_ID.test(opaque)) return null;
    const bytes = Buffer.from(opaque, 'base64url');
    // 22 characters carry 132 bits: the last 4 must be zero, so one id has one spelling.
    if (bytes.length !== BLOCK_BYTES || bytes.toString('base64url') !== opaque) return null;
    const decipher = createDecipheriv('aes-128-ecb', this.keyOf(tenantId), null).setAutoPadding(false);
    const block = Buffer.concat([decipher.update(bytes), decipher.final()]);
    if (!block.subarray(ID_BYTES).equals(Buffer.alloc(BLOCK_BYTES - ID_BYTES))) return null;
    return block.readBigUInt64BE();
  }

  private keyOf(tenantId: string): Buffer {
    let key = this.keys.get(tenantId);
    if (!key) {
      // A crude bound; a key is one HMAC away.
      if (this.keys.size >= MAX_KEYS) this.keys.clear();
      key = createHmac('sha256', this.master).update(tenantId).digest().subarray(0, 16);
      this.keys.set(tenantId, key);
    }
    return key;
  }
}
