import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BackupError } from './backup-error';

// The encrypted container of a backup file: AES-256-GCM in fixed-size chunks, each sealed on its own, so the
// file is written and read as a stream and never held in memory (decision 0016).
//
//   header (57 bytes): "HLBK" | version u8 | compression u8 | chunk size u32 | key id (8) | salt (32) | nonce prefix (7)
//   chunks: ciphertext + 16-byte tag, every chunk CHUNK_SIZE plaintext bytes except the last (0..CHUNK_SIZE)
//
// Each file has its own key, HKDF-SHA256(BACKUP_ENCRYPTION_KEY, salt), so nonces never repeat across files.
// Chunk i's nonce is prefix | i (u32) | last (u8), and the whole header is every chunk's associated data: a
// reordered or dropped chunk fails its tag, a file cut at a chunk boundary fails because its new last chunk
// was sealed as "not last", and an edited header fails every chunk.

const MAGIC = Buffer.from('HLBK', 'ascii');
const VERSION = 1;
export const HEADER_SIZE = 57;
export const CHUNK_SIZE = 64 * 1024;
const TAG_SIZE = 16;
const NONCE_PREFIX_SIZE = 7;

export type Compression = 'none' | 'gzip';
const COMPRESSION_CODES: Record<Compression, number> = { none: 0, gzip: 1 };

export interface BackupHeader {
  compression: Compression;
  chunkSize: number;
  keyId: string;
  salt: Buffer;
  noncePrefix: Buffer;
  raw: Buffer;
}

// Names the key without revealing it, so a restore with another key says so instead of "corrupted".
export function backupKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('hotleads backup key id').digest('hex').slice(0, 16);
}

function fileKey(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, 'hotleads backup v1', 32));
}

function nonce(prefix: Buffer, counter: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(counter, NONCE_PREFIX_SIZE);
  n[11] = last ? 1 : 0;
  return n;
}

function encodeHeader(compression: Compression, keyId: string, salt: Buffer, noncePrefix: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(header, 0);
  header[4] = VERSION;
  header[5] = COMPRESSION_CODES[compression];
  header.writeUInt32BE(CHUNK_SIZE, 6);
  Buffer.from(keyId, 'hex').copy(header, 10);
  salt.copy(header, 18);
  noncePrefix.copy(header, 50);
  return header;
}

export function parseHeader(raw: Buffer): BackupHeader {
  if (raw.length < HEADER_SIZE || !raw.subarray(0, 4).equals(MAGIC)) throw new BackupError('not_a_backup', 'this file is not a Hot Leads backup (bad magic bytes)');
  if (raw[4] !== VERSION) throw new BackupError('unsupported_version', `backup container version ${raw[4]} is not supported by this Hot Leads`);
  const compression = (Object.keys(COMPRESSION_CODES) as Compression[]).find((c) => COMPRESSION_CODES[c] === raw[5]);
  if (!compression) throw new BackupError('corrupted', 'backup header names an unknown compression');
  const chunkSize = raw.readUInt32BE(6);
  if (chunkSize !== CHUNK_SIZE) throw new BackupError('corrupted', 'backup header names an unexpected chunk size');
  return {
    compression,
    chunkSize,
    keyId: raw.subarray(10, 18).toString('hex'),
    salt: Buffer.from(raw.subarray(18, 50)),
    noncePrefix: Buffer.from(raw.subarray(50, 57)),
    raw: Buffer.from(raw.subarray(0, HEADER_SIZE)),
  };
}

// Plaintext in, header + sealed chunks out.
export function encryptStream(key: Buffer, compression: Compression): Transform {
  const salt = randomBytes(32);
  const prefix = randomBytes(NONCE_PREFIX_SIZE);
  const header = encodeHeader(compression, backupKeyId(key), salt, prefix);
  const k = fileKey(key, salt);
  let counter = 0;
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const seal = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', k, nonce(prefix, counter++, last));
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return body;
  };
  return new Transform({
    construct(callback) {
      this.push(header);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      pendingSize += chunk.length;
      // A full chunk goes out only when more follows it, so the last chunk is always sealed as last.
      if (pendingSize > CHUNK_SIZE) {
        let all = Buffer.concat(pending);
        while (all.length > CHUNK_SIZE) {
          this.push(seal(all.subarray(0, CHUNK_SIZE), false));
          all = all.subarray(CHUNK_SIZE);
        }
        pending = [all];
        pendingSize = all.length;
      }
      callback();
    },
    flush(callback: TransformCallback) {
      this.push(seal(Buffer.concat(pending), true));
      pending = [];
      callback();
    },
  });
}

// Header + sealed chunks in, plaintext out; fails with `wrong_key` or `corrupted` (including truncation).
export function decryptStream(key: Buffer, onHeader?: (header: BackupHeader) => void): Transform {
  let header: BackupHeader | undefined;
  let k: Buffer | undefined;
  let buffered: Buffer = Buffer.alloc(0);
  let counter = 0;
  const sealed = CHUNK_SIZE + TAG_SIZE;
  const open = (body: Buffer, last: boolean): Buffer => {
    const decipher = createDecipheriv('aes-256-gcm', k!, nonce(header!.noncePrefix, counter, last));
    decipher.setAAD(header!.raw);
    decipher.setAuthTag(body.subarray(body.length - TAG_SIZE));
    try {
      const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_SIZE)), decipher.final()]);
      counter++;
      return plain;
    } catch {
      throw new BackupError('corrupted', `backup file is corrupted or truncated: chunk ${counter} failed authentication`);
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        if (!header) {
          if (buffered.length < HEADER_SIZE) return callback();
          header = parseHeader(buffered);
          if (header.keyId !== backupKeyId(key)) {
            throw new BackupError('wrong_key', `backup was encrypted with another BACKUP_ENCRYPTION_KEY (key id ${header.keyId}, configured ${backupKeyId(key)})`);
          }
          k = fileKey(key, header.salt);
          onHeader?.(header);
          buffered = buffered.subarray(HEADER_SIZE);
        }
        // The last chunk is whatever remains at the end, so one full chunk is always held back.
        while (buffered.length > sealed) {
          this.push(open(buffered.subarray(0, sealed), false));
          buffered = buffered.subarray(sealed);
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!header) throw new BackupError('corrupted', 'backup file is truncated: no complete header');
        if (buffered.length < TAG_SIZE) throw new BackupError('corrupted', 'backup file is truncated: the last chunk is missing');
        this.push(open(buffered, true));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
