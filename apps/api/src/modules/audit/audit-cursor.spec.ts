import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';

describe('audit cursor', () => {
  const cursor = { micros: '1763769600123456', id: '0b7c1f64-5d0e-4c53-9d6a-2f7f3b1e8a90' };

  it('round-trips', () => {
    const encoded = encodeAuditCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAuditCursor(encoded)).toEqual(cursor);
  });

  it('refuses what it did not produce', () => {
    expect(decodeAuditCursor('')).toBeNull();
    expect(decodeAuditCursor('not a cursor')).toBeNull();
    expect(decodeAuditCursor(Buffer.from(`1.${cursor.id}; drop table`).toString('base64url'))).toBeNull();
    expect(decodeAuditCursor(Buffer.from(`-1.${cursor.id}`).toString('base64url'))).toBeNull();
    expect(decodeAuditCursor(Buffer.from('123.not-a-uuid').toString('base64url'))).toBeNull();
  });
});
