import { Injectable } from '@nestjs/common';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { ProviderError } from '../providers/provider-error';
import { CredentialsVaultService } from '../credentials-vault.service';
import { IntegrationConnection } from '../integration-connection.entity';
import type { PullProvider } from './pull-provider';

// A token is used only while it has this much life left: a page fetched with it must not see it expire.
const EARLY_MS = 2 * 60_000;
const tokenAad = (connectionId: string) => `${connectionId}:access-token`;
const usableUntil = (expiresAt: Date) => expiresAt.getTime() - EARLY_MS;

// One access token per connection, sealed in its row with its expiry and shared by every worker and
// replica. A worker that finds it stale takes the row's lock, looks again (another may have refreshed it
// meanwhile) and only then asks the provider, so a burst of jobs costs one token request, never ten (Zoho
// invalidates the oldest of more than 10 live tokens and allows 10 requests per 10 minutes).
@Injectable()
export class AccessTokens {
  constructor(
    private readonly db: TenantDb,
    private readonly vault: CredentialsVaultService,
  ) {}

  // `rejected`: the token the provider just answered 401 to; it is replaced, never handed out again.
  async get(tenantId: string, connectionId: string, provider: PullProvider, rejected: string | null = null): Promise<string> {
    return (await this.lease(tenantId, connectionId, provider, rejected)).token;
  }

  // The token and until when it may be used (its expiry less the margin): a run keeps it for its pages
  // until then, instead of reading and opening the sealed row before every request.
  async lease(tenantId: string, connectionId: string, provider: PullProvider, rejected: string | null = null): Promise<{ token: string; usableUntil: number }> {
    const cached = await this.db.run(tenantId, (m) => m.findOne(IntegrationConnection, { where: { id: connectionId } }));
    const usable = cached && this.usable(cached, rejected);
    if (usable) return { token: usable, usableUntil: usableUntil(cached.accessTokenExpiresAt!) };
    const outcome = await this.db.run(tenantId, async (m): Promise<{ token: string; usableUntil: number } | { error: unknown }> => {
      const row = await m.findOne(IntegrationConnection, { where: { id: connectionId }, lock: { mode: 'pessimistic_write' } });
      if (!row?.credentials || !row.credentialsKeyId) throw new ProviderError('auth', `${provider.label} has no credentials saved: reconnect`);
      const fresh = this.usable(row, rejected);
      if (fresh) return { token: fresh, usableUntil: usableUntil(row.accessTokenExpiresAt!) };
      const now = Date.now();
      const recent = (row.tokenRequestedAt ?? []).map((d) => new Date(d)).filter((d) => now - d.getTime() < provider.tokenRequestLimit.windowMs);
      if (recent.length >= provider.tokenRequestLimit.count) {
        throw new ProviderError('retryable', `${provider.label} allows ${provider.tokenRequestLimit.count} token requests per ${provider.tokenRequestLimit.windowMs / 60_000} minutes; waiting for the next run`);
      }
      const credentials = this.vault.open(connectionId, { ciphertext: row.credentials, keyId: row.credentialsKeyId });
      // Counted before asking: a request that fails still counts at the provider.
      await m.update(IntegrationConnection, { id: connectionId }, { tokenRequestedAt: [...recent, new Date(now)] });
      let token: { accessToken: string; expiresInMs: number };
      try {
        token = await provider.requestToken(credentials);
      } catch (error) {
        // Committed all the same, so the request stays counted.
        return { error };
      }
      const sealed = this.vault.seal(tokenAad(connectionId), { accessToken: token.accessToken });
      const expiresAt = new Date(now + token.expiresInMs);
      await m.update(IntegrationConnection, { id: connectionId }, { accessToken: `${sealed.keyId}.${sealed.ciphertext}`, accessTokenExpiresAt: expiresAt });
      return { token: token.accessToken, usableUntil: usableUntil(expiresAt) };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome;
  }

  private usable(row: IntegrationConnection, rejected: string | null): string | null {
    if (!row.accessToken || !row.accessTokenExpiresAt || usableUntil(row.accessTokenExpiresAt) <= Date.now()) return null;
    const dot = row.accessToken.indexOf('.');
    try {
      const token = this.vault.open(tokenAad(row.id), { keyId: row.accessToken.slice(0, dot), ciphertext: row.accessToken.slice(dot + 1) }).accessToken;
      return token && token !== rejected ? token : null;
    } catch {
      // Sealed under a key rotated away since: ask for a new one.
      return null;
    }
  }
}
