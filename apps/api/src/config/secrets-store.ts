import { hkdfSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import type { Config } from './load-config';

export interface Secrets {
  jwtSecret: string;
  encryptionKey: Buffer;
  embeddedPostgresPassword: string;
  // Seals backup files (decision 0016); separate from encryptionKey so either can be rotated or handed out alone.
  backupEncryptionKey: Buffer;
  // Keys the hashes naming an erased person (suppression list, audit); see security.config.ts.
  privacyHashKey: Buffer;
}

interface StoredSecrets {
  jwtSecret?: string;
  encryptionKey?: string;
  embeddedPostgresPassword?: string;
  backupEncryptionKey?: string;
}

const FILE = 'secrets.json';

async function readStored(path: string): Promise<StoredSecrets> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StoredSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`Cannot read ${path}: ${(error as Error).message}`);
  }
}

// Secrets not given in the environment are generated once and kept in DATA_DIR/secrets.json (mode 0600),
// so restarts keep sessions and encrypted data valid. Production refuses to start without them (load-config).
export async function resolveSecrets(config: Config): Promise<Secrets> {
  const dir = config.app.DATA_DIR;
  const path = join(dir, FILE);
  try {
    await mkdir(dir, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new ConfigError(`DATA_DIR ${dir} is not usable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const stored = await readStored(path);
  const next: StoredSecrets = {
    jwtSecret: stored.jwtSecret ?? randomBytes(48).toString('base64url'),
    encryptionKey: stored.encryptionKey ?? randomBytes(32).toString('base64'),
    embeddedPostgresPassword: stored.embeddedPostgresPassword ?? randomBytes(24).toString('base64url'),
    backupEncryptionKey: stored.backupEncryptionKey ?? randomBytes(32).toString('base64'),
  };
  if (JSON.stringify(next) !== JSON.stringify(stored)) {
    try {
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, path);
    } catch (error) {
      throw new ConfigError(`DATA_DIR ${dir} is not writable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const encryptionKey = Buffer.from(config.security.ENCRYPTION_KEY ?? next.encryptionKey!, 'base64');
  return {
    jwtSecret: config.security.JWT_SECRET ?? next.jwtSecret!,
    encryptionKey,
    embeddedPostgresPassword: next.embeddedPostgresPassword!,
    backupEncryptionKey: Buffer.from(config.backup.BACKUP_ENCRYPTION_KEY ?? next.backupEncryptionKey!, 'base64'),
    privacyHashKey: config.security.PRIVACY_HASH_KEY
      ? Buffer.from(config.security.PRIVACY_HASH_KEY, 'base64')
      : Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'hotleads privacy subject hash v1', 32)),
  };
}
