import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Credential } from '../../common/auth/credential';
import type { ApiKeyPrincipal, Principal, UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { liveConfig, type LiveConfig } from '../../config/live.config';
import { PrincipalResolver } from '../auth/principal-resolver.service';
import { LiveEventIds } from './live-event-ids';
import { LiveEventsRepository } from './live-events.repository';
import { LiveHub } from './live-hub.service';
import { LiveStream, type LiveStart } from './live-stream';
import { TooManyStreamsException } from './too-many-streams.exception';

// More missed events than this are not replayed: the client is told to reload instead.
export const REPLAY_LIMIT = 500;
const READ_PERMISSION = 'leads:read';

// One user (all their sessions) or one API key: what the stream limit counts.
const principalKey = (p: Principal) => (p.kind === 'user' ? `user:${p.userId}` : `key:${p.apiKeyId}`);

// Opens event streams: checks the caller's stream budget, works out where the stream starts (replay
// after Last-Event-ID, or resync when that is too old), and gives the stream a way to re-check its
// credential at every heartbeat.
@Injectable()
export class LiveEventsService {
  private readonly logger = new Logger('LiveEvents');

  constructor(
    private readonly hub: LiveHub,
    private readonly db: TenantDb,
    private readonly repository: LiveEventsRepository,
    private readonly resolver: PrincipalResolver,
    private readonly ids: LiveEventIds,
    @Inject(liveConfig.KEY) private readonly live: LiveConfig,
  ) {}

  async open(ctx: AuthedContext<UserPrincipal | ApiKeyPrincipal>, credential: Credential, lastEventId: string | undefined): Promise<LiveStream> {
    const { principal } = ctx;
    if (!this.hub.accepting) throw new ServiceUnavailableException('The server is shutting down; reconnect shortly.');
    const key = principalKey(principal);
    const limit = this.live.LIVE_MAX_STREAMS_PER_PRINCIPAL;
    if (!this.hub.reserve(key, limit)) throw new TooManyStreamsException(limit);
    const stream = new LiveStream({
      tenantId: principal.tenantId,
      heartbeatMs: this.live.LIVE_HEARTBEAT_SECONDS * 1000,
      expiresAt: principal.kind === 'user' ? principal.tokenExpiresAt : null,
      stillAllowed: () => this.stillAllowed(principal, credential),
      eventId: (id) => this.ids.encode(principal.tenantId, id),
      logger: this.logger,
    });
    stream.onClose(() => this.hub.release(key));
    // Joined before the starting point is read, so a change committing in between is not lost.
    this.hub.join(stream);
    try {
      // An id this workspace was not given (made up, another workspace's, too old a format) decodes to null.
      const after = lastEventId === undefined ? undefined : this.ids.decode(principal.tenantId, lastEventId.trim());
      const start = await this.db.run(principal.tenantId, (m) => this.startOf(m, principal.tenantId, after));
      this.hub.advance(principal.tenantId, start.cursor);
      stream.start(start);
      return stream;
    } catch (error) {
      stream.destroy();
      throw error;
    }
  }

  // `after`: the event number the client last saw; undefined for a new client, null for an id it could not have been given.
  private async startOf(m: EntityManager, tenantId: string, after: bigint | null | undefined): Promise<LiveStart> {
    const window = await this.repository.window(m);
    const fresh: LiveStart = { cursor: window.newest, resync: false, replay: null };
    if (after === undefined) return fresh;
    const newest = BigInt(window.newest);
    // Every id below `oldest` may have been purged: a cursor below the one just before it may have missed some.
    const oldest = window.oldest === null ? newest + 1n : BigInt(window.oldest);
    if (after === null || after < oldest - 1n || after > newest) return { ...fresh, resync: true };
    const replay = await this.repository.after(m, tenantId, after.toString(), REPLAY_LIMIT + 1);
    if (replay.length > REPLAY_LIMIT) return { ...fresh, resync: true };
    return { cursor: window.newest, resync: false, replay };
  }

  // The credential as it is now: the session still open (not signed out or revoked, the user still
  // active), the key not revoked or expired, and leads:read still granted.
  private async stillAllowed(principal: Principal, credential: Credential): Promise<boolean> {
    const current = credential.kind === 'api_key' ? await this.resolver.fromApiKey(credential.value) : await this.resolver.fromAccessToken(credential.value);
    return current !== null && current.tenantId === principal.tenantId && current.permissions.includes(READ_PERMISSION);
  }
}
