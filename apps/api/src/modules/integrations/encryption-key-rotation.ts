import { Client } from 'pg';
import { EncryptionService } from '../../common/crypto/encryption.service';
import { CredentialsVault } from './credentials-vault';

export interface RotationReport {
  connections: number;
  mfaSecrets: number;
  ssoSecrets: number;
}

// Re-encrypts every secret at rest under the current key: connection credentials and single sign-on client
// secrets (whose key ids say which ones are still under an old key) and users' TOTP secrets (which carry no key id: whatever the current key
// does not open is opened with an old one). One transaction, rows locked, as the database owner with
// hotleads.cross_tenant on, since it spans every workspace. Running it twice changes nothing the second time.
export async function rotateEncryptionKey(ownerUrl: string, currentKey: Buffer, previousKeys: Buffer[]): Promise<RotationReport> {
  const vault = new CredentialsVault(currentKey, previousKeys);
  const current = new EncryptionService(currentKey);
  const previous = previousKeys.map((key) => new EncryptionService(key));
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('hotleads.cross_tenant', 'on', true)`);
    let connections = 0;
    const { rows } = await client.query<{ id: string; credentials: string; key_id: string }>(
      `SELECT id, credentials, credentials_key_id AS key_id FROM integration_connections
       WHERE credentials IS NOT NULL AND credentials_key_id IS DISTINCT FROM $1 FOR UPDATE`,
      [vault.currentKeyId],
    );
    for (const row of rows) {
      const resealed = vault.reseal(row.id, { ciphertext: row.credentials, keyId: row.key_id });
      if (!resealed) continue;
      await client.query(`UPDATE integration_connections SET credentials = $2, credentials_key_id = $3 WHERE id = $1`, [row.id, resealed.ciphertext, resealed.keyId]);
      connections++;
    }

    // Single sign-on client secrets: sealed like connection credentials, under their own associated data.
    const ssoVault = new CredentialsVault(currentKey, previousKeys, 'sso_connection');
    let ssoSecrets = 0;
    const sso = await client.query<{ id: string; client_secret: string; key_id: string }>(
      `SELECT id, client_secret, client_secret_key_id AS key_id FROM sso_connections
       WHERE client_secret IS NOT NULL AND client_secret_key_id IS DISTINCT FROM $1 FOR UPDATE`,
      [ssoVault.currentKeyId],
    );
    for (const row of sso.rows) {
      const resealed = ssoVault.reseal(row.id, { ciphertext: row.client_secret, keyId: row.key_id });
      if (!resealed) continue;
      await client.query(`UPDATE sso_connections SET client_secret = $2, client_secret_key_id = $3 WHERE id = $1`, [row.id, resealed.ciphertext, resealed.keyId]);
      ssoSecrets++;
    }

    let mfaSecrets = 0;
    const users = await client.query<{ id: string; mfa_secret_enc: string | null; mfa_pending_secret_enc: string | null }>(
      `SELECT id, mfa_secret_enc, mfa_pending_secret_enc FROM users WHERE mfa_secret_enc IS NOT NULL OR mfa_pending_secret_enc IS NOT NULL FOR UPDATE`,
    );
    for (const user of users.rows) {
      const secret = reencrypt(user.mfa_secret_enc, user.id, current, previous);
      const pending = reencrypt(user.mfa_pending_secret_enc, user.id, current, previous);
      if (secret === null && pending === null) continue;
      await client.query(`UPDATE users SET mfa_secret_enc = coalesce($2, mfa_secret_enc), mfa_pending_secret_enc = coalesce($3, mfa_pending_secret_enc) WHERE id = $1`, [user.id, secret, pending]);
      mfaSecrets += (secret === null ? 0 : 1) + (pending === null ? 0 : 1);
    }
    await client.query('COMMIT');
    return { connections, mfaSecrets, ssoSecrets };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

// The payload under the current key, or null when it already is (or there is none).
function reencrypt(payload: string | null, aad: string, current: EncryptionService, previous: EncryptionService[]): string | null {
  if (payload === null) return null;
  try {
    current.decrypt(payload, aad);
    return null;
  } catch {
    // Not under the current key: one of the old ones must open it, or the rotation stops here.
  }
  for (const old of previous) {
    try {
      return current.encrypt(old.decrypt(payload, aad), aad);
    } catch {
      // Try the next key.
    }
  }
  throw new Error('a stored secret opens with neither ENCRYPTION_KEY nor ENCRYPTION_KEY_PREVIOUS; nothing was changed');
}
