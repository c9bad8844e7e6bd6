import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { CHUNK_SIZE, HEADER_SIZE, decryptStream, encryptStream } from './backup-cipher';

const key = randomBytes(32);
const SEALED = CHUNK_SIZE + 16;

async function seal(plain: Buffer, k = key): Promise<Buffer> {
  const out: Buffer[] = [];
  // Uneven pieces, so chunking does not follow the writes.
  const pieces = [];
  for (let i = 0; i < plain.length; i += 10_007) pieces.push(plain.subarray(i, i + 10_007));
  await pipeline(Readable.from(pieces), encryptStream(k, 'none'), async (s: AsyncIterable<Buffer>) => {
    for await (const c of s) out.push(c);
  });
  return Buffer.concat(out);
}

const open = (sealed: Buffer, k = key) => buffer(Readable.from([sealed.subarray(0, 1000), sealed.subarray(1000)]).pipe(decryptStream(k)));

describe('backup cipher (chunked AES-256-GCM)', () => {
  it.each([0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 12_345])('round-trips %i bytes', async (size) => {
    const plain = randomBytes(size);
    const sealed = await seal(plain);
    expect(sealed.length).toBe(HEADER_SIZE + Math.max(1, Math.ceil(size / CHUNK_SIZE)) * 16 + size);
    await expect(open(sealed)).resolves.toEqual(plain);
  });

  it('refuses another key by its id', async () => {
    const sealed = await seal(randomBytes(100));
    await expect(open(sealed, randomBytes(32))).rejects.toMatchObject({ code: 'wrong_key' });
  });

  it('detects a file cut at a chunk boundary, a cut inside a chunk, a flipped bit and swapped chunks', async () => {
    const sealed = await seal(randomBytes(3 * CHUNK_SIZE + 10));
    await expect(open(sealed.subarray(0, HEADER_SIZE + 2 * SEALED))).rejects.toMatchObject({ code: 'corrupted' });
    await expect(open(sealed.subarray(0, sealed.length - 5))).rejects.toMatchObject({ code: 'corrupted' });
    const flipped = Buffer.from(sealed);
    flipped[HEADER_SIZE + SEALED + 77] ^= 1;
    await expect(open(flipped)).rejects.toMatchObject({ code: 'corrupted' });
    const swapped = Buffer.concat([
      sealed.subarray(0, HEADER_SIZE),
      sealed.subarray(HEADER_SIZE + SEALED, HEADER_SIZE + 2 * SEALED),
      sealed.subarray(HEADER_SIZE, HEADER_SIZE + SEALED),
      sealed.subarray(HEADER_SIZE + 2 * SEALED),
    ]);
    await expect(open(swapped)).rejects.toMatchObject({ code: 'corrupted' });
    const header = Buffer.from(sealed);
    header[20] ^= 1; // the salt: every chunk's associated data
    await expect(open(header)).rejects.toMatchObject({ code: 'corrupted' });
    await expect(open(sealed.subarray(0, 10))).rejects.toMatchObject({ code: 'corrupted' });
    await expect(open(Buffer.alloc(100))).rejects.toMatchObject({ code: 'not_a_backup' });
  });
});
