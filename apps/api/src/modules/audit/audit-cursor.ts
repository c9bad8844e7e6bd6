// A page position: the last row's created_at in microseconds since the epoch (JavaScript dates stop at
// milliseconds, which would skip or repeat rows written in the same millisecond) and its id.
// Opaque to clients: base64url of `<micros>.<id>`.
export interface AuditCursor {
  micros: string;
  id: string;
}

const CURSOR = /^(\d{1,18})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.micros}.${cursor.id}`, 'utf8').toString('base64url');
}

// Null for anything this API did not produce.
export function decodeAuditCursor(value: string): AuditCursor | null {
  const match = CURSOR.exec(Buffer.from(value, 'base64url').toString('utf8'));
  return match ? { micros: match[1], id: match[2] } : null;
}
