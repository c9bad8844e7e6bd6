import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EncryptionService } from '../src/common/crypto/encryption.service';
import { CredentialsVault, encryptionKeyId } from '../src/modules/integrations/credentials-vault';
import { rotateEncryptionKey } from '../src/modules/integrations/encryption-key-rotation';
import { createTenantWithUser, signIn } from './support/factories';
import { rememberSecret } from './support/log-capture';
import { createTestApp, TEST_ENCRYPTION_KEY, type TestApp } from './support/test-app';

describe('encryption key rotation', () => {
  let t: TestApp;
  const oldKey = Buffer.from(TEST_ENCRYPTION_KEY, 'base64');
  const newKey = randomBytes(32);

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
  });

  afterAll(async () => {
    await t.close();
  });

  const ownerQuery = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('hotleads.cross_tenant', 'on', true)`);
      const { rows } = await client.query(sql, params);
      await client.query('COMMIT');
      return rows as T[];
    } finally {
      await client.end();
    }
  };

  it('re-encrypts connection credentials, single sign-on secrets and MFA secrets under the new key, once', async () => {
    const owner = await createTenantWithUser(t.app, 'owner', 'Rotating');
    const session = await signIn(t.http, owner.email, owner.password);
    const apiKey = randomBytes(12).toString('hex');
    rememberSecret(apiKey);
    const created = await t.http.post('/api/v1/integrations/connections').set(session.auth).send({ provider: 'acuity', name: 'A', credentials: { userId: '42', apiKey } }).expect(201);
    const clientSecret = randomBytes(12).toString('hex');
    rememberSecret(clientSecret);
    const sso = await t.http
      .put('/api/v1/settings/sso')
      .set(session.auth)
      .send({ displayName: 'IdP', issuerUrl: 'https://idp.example.org', clientId: 'c', clientSecret, allowedDomains: ['example.org'], jitRoleId: null, enabled: true, requireSso: false })
      .expect(200);
    expect(sso.body.clientSecretSet).toBe(true);
    const totp = 'JBSWY3DPEHPK3PXP';
    await ownerQuery(`UPDATE users SET mfa_secret_enc = $2 WHERE id = $1`, [owner.id, new EncryptionService(oldKey).encrypt(totp, owner.id)]);

    await expect(rotateEncryptionKey(t.db.url, newKey, [oldKey])).resolves.toEqual({ connections: 1, mfaSecrets: 1, ssoSecrets: 1 });

    const [connection] = await ownerQuery<{ credentials: string; credentials_key_id: string }>(`SELECT credentials, credentials_key_id FROM integration_connections WHERE id = $1`, [created.body.id]);
    expect(connection.credentials_key_id).toBe(encryptionKeyId(newKey));
    expect(new CredentialsVault(newKey).open(created.body.id, { ciphertext: connection.credentials, keyId: connection.credentials_key_id })).toEqual({ userId: '42', apiKey });
    const [ssoRow] = await ownerQuery<{ id: string; client_secret: string; client_secret_key_id: string }>(`SELECT id, client_secret, client_secret_key_id FROM sso_connections WHERE tenant_id = $1`, [owner.tenantId]);
    expect(ssoRow.client_secret_key_id).toBe(encryptionKeyId(newKey));
    expect(new CredentialsVault(newKey, [], 'sso_connection').open(ssoRow.id, { ciphertext: ssoRow.client_secret, keyId: ssoRow.client_secret_key_id })).toEqual({ clientSecret });
    const [user] = await ownerQuery<{ mfa_secret_enc: string }>(`SELECT mfa_secret_enc FROM users WHERE id = $1`, [owner.id]);
    expect(new EncryptionService(newKey).decrypt(user.mfa_secret_enc, owner.id)).toBe(totp);
    expect(() => new EncryptionService(oldKey).decrypt(user.mfa_secret_enc, owner.id)).toThrow();

    // Nothing is left under the old key.
    await expect(rotateEncryptionKey(t.db.url, newKey, [oldKey])).resolves.toEqual({ connections: 0, mfaSecrets: 0, ssoSecrets: 0 });
  });

  it('changes nothing when a secret opens with neither key', async () => {
    const stranger = randomBytes(32);
    const before = await ownerQuery(`SELECT id, credentials, credentials_key_id FROM integration_connections ORDER BY id`);
    expect(before.length).toBeGreaterThan(0);
    await expect(rotateEncryptionKey(t.db.url, stranger, [randomBytes(32)])).rejects.toThrow(/opens with neither|not configured/);
    await expect(ownerQuery(`SELECT id, credentials, credentials_key_id FROM integration_connections ORDER BY id`)).resolves.toEqual(before);
  });
});
