import { Client } from 'pg';
import { deriveSecret } from '../common/crypto/tokens';

export const APP_ROLE = 'hotleads_app';

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The URL the API uses at run time: DATABASE_APP_URL when given; otherwise the owner's URL with the
// hotleads_app role (created by the migrations), whose password is derived from ENCRYPTION_KEY so that
// every replica computes the same one. The owner sets it only when it does not already work.
export async function appRoleUrl(ownerUrl: string, encryptionKey: Buffer, explicitUrl?: string): Promise<string> {
  if (explicitUrl) return explicitUrl;
  const password = deriveSecret(encryptionKey, 'hotleads_app database role');
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  const appUrl = url.toString();
  if (await canConnect(appUrl)) return appUrl;
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${owner.escapeLiteral(password)}`);
  } finally {
    await owner.end();
  }
  return appUrl;
}
