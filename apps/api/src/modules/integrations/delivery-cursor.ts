// A page position in a connection's deliveries: the last row's received_at in microseconds since the
// epoch (milliseconds would skip or repeat rows received in the same millisecond) and its id.
// Opaque to clients: base64url of `<micros>.<id>`.
export interface DeliveryCursor {
  micros: string;
  id: string;
}

const CURSOR = /^(\d{1,18})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeDeliveryCursor(cursor: DeliveryCursor): string {
  return Buffer.from(`${cursor.micros}.${cursor.id}`, 'utf8').toString('base64url');
}

// Null for anything this API did not produce.
export function decodeDeliveryCursor(value: string): DeliveryCursor | null {
  const match = CURSOR.exec(Buffer.from(value, 'base64url').toString('utf8'));
  return match ? { micros: match[1], id: match[2] } : null;
}
