import { decodeUserCursor, encodeUserCursor } from './user-cursor';

describe('user cursor', () => {
  const cursor = { createdAt: '2025-01-02T03:04:05.123456Z', id: '0b5f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e' };

  it('round-trips and is URL-safe', () => {
    const encoded = encodeUserCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeUserCursor(encoded)).toEqual(cursor);
  });

  it('refuses anything it did not produce', () => {
    const bad = [
      '',
      'not base64 at all!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from(JSON.stringify(['yesterday', cursor.id])).toString('base64url'),
      Buffer.from(JSON.stringify([cursor.createdAt, 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify([cursor.createdAt, cursor.id, 'extra'])).toString('base64url'),
    ];
    for (const value of bad) expect(decodeUserCursor(value)).toBeNull();
  });
});
