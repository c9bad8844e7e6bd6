import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SystemChecks } from '../src/common/health/system-checks';
import { manifestPathFor, readManifest } from '../src/modules/backups/backup-manifest';
import { restoreBackup, verifyBackupFile } from '../src/modules/backups/backup-restore';
import { createBackup } from '../src/modules/backups/backup-writer';
import { BackupsService } from '../src/modules/backups/backups.service';
import { CredentialsVault } from '../src/modules/integrations/credentials-vault';
import { createTenantWithUser, signIn, type SignedIn, type TestUser } from './support/factories';
import { rememberSecret } from './support/log-capture';
import { enrolMfa, passwordStep, totpCode } from './support/mfa';
import { createTestApp, TEST_ENCRYPTION_KEY, type TestApp } from './support/test-app';
import { testAdminUrl, testRunId, withDatabase } from './support/test-env';
import type { TestDatabase } from './support/test-database';

// An empty database on the test server (no migrations: the restore builds the schema).
async function emptyDatabase(): Promise<TestDatabase> {
  const name = `hl_test_${testRunId()}_restore_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: testAdminUrl() });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  return {
    name,
    url: withDatabase(testAdminUrl(), name),
    drop: async () => {
      const c = new Client({ connectionString: testAdminUrl() });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

async function ownerRows<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('backup and restore drill', () => {
  const backupKey = randomBytes(32);
  let backupDir: string;
  let source: TestApp;
  let owner: TestUser;
  let session: SignedIn;
  let mfaSecret: string;
  let apiKey: string;
  let connectionId: string;
  let backupFile: string;
  let backupAt: string;
  let eventsLeadId: string;
  let seen: { leads: unknown; audit: unknown; events: unknown; connection: unknown; keys: unknown };
  const targets: TestDatabase[] = [];

  beforeAll(async () => {
    backupDir = await mkdtemp(join(tmpdir(), 'hotleads-backups-'));
    source = await createTestApp({ env: { BACKUP_DIR: backupDir, BACKUP_ENCRYPTION_KEY: backupKey.toString('base64'), RATE_LIMIT_LOGIN: '1000' } });
    owner = await createTenantWithUser(source.app, 'owner', 'Backed up');
    session = await signIn(source.http, owner.email, owner.password);
    // Data of every kind: leads with their events and search rows, an API key, a connection with
    // encrypted credentials, audit entries, and MFA (an encrypted secret, recovery codes).
    for (let i = 0; i < 30; i++) {
      await source.http.post('/api/v1/leads').set(session.auth).send({ name: `Lead ${i} Zebulon`, email: `lead${i}@example.com`, tags: ['restore'] }).expect(201);
    }
    const ids = (await source.http.get('/api/v1/leads').query({ limit: 100 }).set(session.auth).expect(200)).body.data.map((l: { id: string }) => l.id);
    await source.http.post('/api/v1/leads/bulk-update').set(session.auth).send({ ids: ids.slice(0, 5), set: { priority: 'urgent' } }).expect(200);
    const key = await source.http.post('/api/v1/api-keys').set(session.auth).send({ name: 'Website', scopes: ['leads:read'] }).expect(201);
    apiKey = key.body.secret;
    rememberSecret(apiKey);
    const acuityKey = randomBytes(12).toString('hex');
    rememberSecret(acuityKey);
    connectionId = (await source.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'acuity', name: 'Calendar', credentials: { userId: '42', apiKey: acuityKey } }).expect(201)).body.id;
    mfaSecret = (await enrolMfa(source.http, owner.email, owner.password)).secret;

    eventsLeadId = ids[0];
    seen = {
      leads: (await source.http.get('/api/v1/leads').query({ limit: 100, q: 'zebulon' }).set(session.auth).expect(200)).body,
      audit: await ownerRows(source.db.url, `select * from audit_logs order by created_at, id`),
      events: (await source.http.get(`/api/v1/leads/${eventsLeadId}/events`).set(session.auth).expect(200)).body,
      connection: (await source.http.get(`/api/v1/integrations/connections/${connectionId}`).set(session.auth).expect(200)).body,
      keys: (await source.http.get('/api/v1/api-keys').set(session.auth).expect(200)).body,
    };
    const { path, manifest } = await source.app.get(BackupsService).backup();
    backupFile = path;
    backupAt = manifest.createdAt;
  });

  afterAll(async () => {
    await source?.close();
    for (const db of targets) await db.drop().catch(() => undefined);
    await rm(backupDir, { recursive: true, force: true });
  });

  const target = async () => {
    const db = await emptyDatabase();
    targets.push(db);
    return db;
  };

  it('writes an encrypted backup with a manifest of every table', async () => {
    const manifest = await readManifest(backupFile);
    expect(manifest).toMatchObject({ format: 'hotleads-snapshot', encryption: 'aes-256-gcm-chunked', compression: 'gzip' });
    expect(manifest.rowCounts.leads).toBe(30);
    expect(manifest.rowCounts.api_keys).toBe(1);
    expect(manifest.rowCounts.integration_connections).toBe(1);
    expect(manifest.rowCounts.lead_search).toBe(30);
    expect(manifest.rowCounts.audit_logs).toBeGreaterThan(0);
    expect(manifest.rowCounts).not.toHaveProperty('migrations');
    const [{ name }] = await ownerRows<{ name: string }>(source.db.url, `select name from migrations order by timestamp desc limit 1`);
    expect(manifest.schemaVersion.name).toBe(name);
    // Nothing readable inside: no e-mail address, no table name.
    const bytes = await readFile(backupFile);
    expect(bytes.includes('lead1@example.com')).toBe(false);
    expect(bytes.includes('integration_connections')).toBe(false);
  });

  it('restores into a new database that a second app serves with the same data, logins, MFA and API keys', async () => {
    const db = await target();
    const result = await restoreBackup({ file: backupFile, targetUrl: db.url, key: backupKey });
    expect(result.rows).toBe(Object.values(result.manifest.rowCounts).reduce((a, b) => a + b, 0));

    const restored = await createTestApp({ database: db });
    try {
      // The password step, then the TOTP code one step ahead (the current one was used at enrolment).
      const mfaToken = await passwordStep(restored.http, owner.email, owner.password);
      const verified = await restored.http.post('/api/v1/auth/mfa/verify').send({ mfaToken, code: totpCode(mfaSecret, 1) }).expect(200);
      rememberSecret(verified.body.accessToken);
      const auth = { Authorization: `Bearer ${verified.body.accessToken}` };
      // Every audit entry up to the backup (signing in above added its own since).
      expect(await ownerRows(db.url, `select * from audit_logs where created_at <= $1 order by created_at, id`, [backupAt])).toEqual(seen.audit);
      await restored.http.get('/api/v1/audit-logs').set(auth).expect(200);
      expect((await restored.http.get('/api/v1/leads').query({ limit: 100, q: 'zebulon' }).set(auth).expect(200)).body).toEqual(seen.leads);
      expect((await restored.http.get(`/api/v1/leads/${eventsLeadId}/events`).set(auth).expect(200)).body).toEqual(seen.events);
      expect((await restored.http.get(`/api/v1/integrations/connections/${connectionId}`).set(auth).expect(200)).body).toEqual(seen.connection);
      expect((await restored.http.get('/api/v1/api-keys').set(auth).expect(200)).body).toEqual(seen.keys);
      // The API key opens the restored API; the credentials open under the same ENCRYPTION_KEY.
      const byKey = await restored.http.get('/api/v1/leads').query({ limit: 100 }).set('X-API-Key', apiKey).expect(200);
      expect(byKey.body.data).toHaveLength(30);
      const [row] = await ownerRows<{ credentials: string; credentials_key_id: string }>(db.url, `select credentials, credentials_key_id from integration_connections where id = $1`, [connectionId]);
      expect(new CredentialsVault(Buffer.from(TEST_ENCRYPTION_KEY, 'base64')).open(connectionId, { ciphertext: row.credentials, keyId: row.credentials_key_id })).toMatchObject({ userId: '42' });
      // Triggers are back on: a new lead is searchable and counted like any other.
      await restored.http.post('/api/v1/leads').set(auth).send({ name: 'After Zebulon', email: 'after@example.com' }).expect(201);
      const after = await restored.http.get('/api/v1/leads').query({ q: 'zebulon', limit: 100 }).set(auth).expect(200);
      expect(after.body.data).toHaveLength(31);
    } finally {
      await restored.close();
    }
  });

  it('records the backup and the drill for the health checks and the metrics', async () => {
    const service = source.app.get(BackupsService);
    const before = Date.now() / 1000;
    await service.drill();
    const stamps = await service.backupTimestamps();
    expect(stamps.lastSuccessSeconds).toBeGreaterThan(before - 600);
    expect(stamps.lastVerifiedRestoreSeconds).toBeGreaterThanOrEqual(Math.floor(before) - 1);
    const checks = Object.fromEntries(await Promise.all(source.app.get(SystemChecks).all().map(async (c) => [c.name, await c.run()])));
    expect(checks.backup).toMatchObject({ status: 'ok' });
    expect(checks['restore-drill']).toMatchObject({ status: 'ok' });
    // The scratch database is gone.
    const scratch = await ownerRows(source.db.url, `select datname from pg_database where datname like 'hotleads_verify_%'`);
    expect(scratch).toEqual([]);
  });

  it('refuses another key, a corrupted or truncated file, and a non-empty target without --force', async () => {
    await expect(verifyBackupFile(backupFile, randomBytes(32))).rejects.toMatchObject({ code: 'wrong_key' });

    const copy = join(backupDir, 'copy.hlbackup');
    const fixManifest = async () => {
      const m = await readManifest(backupFile);
      const bytes = await readFile(copy);
      const { createHash } = await import('node:crypto');
      await writeFile(manifestPathFor(copy), JSON.stringify({ ...m, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }));
    };
    await copyFile(backupFile, copy);
    await copyFile(manifestPathFor(backupFile), manifestPathFor(copy));
    const bytes = await readFile(copy);
    bytes[bytes.length - 40] ^= 0xff;
    await writeFile(copy, bytes);
    await expect(verifyBackupFile(copy, backupKey)).rejects.toMatchObject({ code: 'checksum_mismatch' });
    // Even with a manifest that matches the damage, the chunk's tag catches it, and nothing is loaded.
    await fixManifest();
    const damaged = await target();
    await expect(restoreBackup({ file: copy, targetUrl: damaged.url, key: backupKey })).rejects.toMatchObject({ code: 'corrupted' });
    await expect(ownerRows(damaged.url, `select count(*)::int as n from leads`)).resolves.toEqual([{ n: 0 }]);

    await copyFile(backupFile, copy);
    await truncate(copy, (await readFile(copy)).length - 100);
    await fixManifest();
    await expect(restoreBackup({ file: copy, targetUrl: (await target()).url, key: backupKey })).rejects.toMatchObject({ code: 'corrupted' });

    await expect(restoreBackup({ file: backupFile, targetUrl: source.db.url, key: backupKey })).rejects.toMatchObject({ code: 'not_empty' });
    await expect(restoreBackup({ file: backupFile, targetUrl: damaged.url, key: backupKey })).rejects.toMatchObject({ code: 'not_empty' });
    const forced = await restoreBackup({ file: backupFile, targetUrl: damaged.url, key: backupKey, force: true });
    expect(forced.rows).toBeGreaterThan(30);
  });

  it('takes and restores a pg_dump backup when pg_dump can read the server, and says why not when it cannot', async () => {
    const dumped = await createBackup({ ownerUrl: source.db.url, key: backupKey, dir: backupDir, format: 'pg_dump' }).catch((error: Error) => error);
    if (dumped instanceof Error) {
      // No client here, or one older than the server: refused with the reason, and no file left behind.
      expect(dumped.message).toMatch(/pg_dump (was not found|is version \d+, older than the server)/);
      return;
    }
    expect(dumped.manifest).toMatchObject({ format: 'pg_dump', compression: 'none' });
    expect(dumped.manifest.rowCounts.leads).toBeGreaterThanOrEqual(30);
    const db = await target();
    const restored = await restoreBackup({ file: dumped.path, targetUrl: db.url, key: backupKey });
    expect(restored.rows).toBe(Object.values(dumped.manifest.rowCounts).reduce((a, b) => a + b, 0));
    // The app role's grants and the tenant policies came with the archive.
    const [{ policies }] = await ownerRows<{ policies: number }>(db.url, `select count(*)::int as policies from pg_policies where policyname = 'tenant_isolation'`);
    expect(policies).toBeGreaterThan(10);
  });
});
