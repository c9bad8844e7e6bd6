import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { integrationsConfig, type IntegrationsConfig } from '../../../config/integrations.config';
import type { NormalisedLead } from '../../leads/lead-input';
import { LeadIntakeService, type IntakeResult } from '../../leads/lead-intake.service';
import { Metrics } from '../../../common/metrics/metrics.service';
import { CredentialsVaultService } from '../credentials-vault.service';
import { IntegrationConnection } from '../integration-connection.entity';
import { ProviderError } from '../providers/provider-error';
import { AccessTokens } from './access-tokens.service';
import { BudgetSpentError, providerFetch, RequestBudget, type HttpAnswer } from './provider-http';
import type { PulledPage, PullContext, PullProvider, PullStream, PushStream } from './pull-provider';
import { pushConfigOf } from './push-config';
import { PushRepository, pushedVersion } from './push.repository';
import { PullProviders } from './pull-providers.service';
import { readAhead } from './read-ahead';
import { SyncRepository, type RunCounts } from './sync.repository';
import type { SyncTrigger } from './sync-values';

// Past this a run that stopped renewing its lease (a crashed worker) is taken over by the next one.
export const SYNC_LEASE_MS = 15 * 60_000;

// Pages fetched while the previous ones are written, and written together when they have piled up: up
// to five of Zoho's pages (1,000 records) in one transaction, the size the bulk intake path is built for.
const READ_AHEAD = { depth: 5, maxRecords: 1000 };

export interface SyncJobData {
  tenantId: string;
  connectionId: string;
  stream: string;
  trigger: SyncTrigger;
}

export type RunOutcome = { runId: string; status: 'succeeded' | 'failed'; error: string | null } | { runId: null; status: 'skipped' };

class LeaseLostError extends Error {}

type PulledDelete = Extract<PulledPage['records'][number], { kind: 'delete' }>;

const zero = (): RunCounts => ({ pages: 0, fetched: 0, created: 0, merged: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0, requests: 0 });

const describe = (errors: Array<{ field: string; message: string }>) => errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ').slice(0, 1000);

// Runs one stream of one pull connection. Pages come in ascending cursor order; each page's lead upserts,
// its skipped-or-applied record versions, its failures, the run's counters and the stream's checkpoint
// commit in one tenant transaction, fenced by the stream's lease. So a run stopped anywhere resumes from
// the last checkpoint, and records read twice (the lookback, a resumed page) are skipped by version and
// never make a twin.
@Injectable()
export class SyncEngine {
  private readonly logger = new Logger('Sync');

  constructor(
    private readonly db: TenantDb,
    private readonly repo: SyncRepository,
    private readonly providers: PullProviders,
    private readonly tokens: AccessTokens,
    private readonly vault: CredentialsVaultService,
    private readonly intake: LeadIntakeService,
    private readonly metrics: Metrics,
    private readonly pushes: PushRepository,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
  ) {}

  async run(data: SyncJobData): Promise<RunOutcome> {
    const runId = randomUUID();
    const started = await this.db.run(data.tenantId, async (m) => {
      const connection = await m.findOne(IntegrationConnection, { where: { id: data.connectionId } });
      if (!connection || connection.status === 'disabled' || !this.providers.has(connection.provider)) return null;
      // A connection waiting for new credentials runs again only when a person asks.
      if (data.trigger === 'schedule' && (connection.status !== 'active' || connection.syncPaused)) return null;
      const provider = this.providers.get(connection.provider);
      const stream = provider.streams.find((s) => s.name === data.stream) ?? provider.pushStreams?.find((s) => s.name === data.stream);
      if (!stream) return null;
      // Push is off unless the connection turns it on: no run, no row.
      if (!('read' in stream) && !pushConfigOf(connection.config).enabled) return null;
      const claimed = await this.repo.claim(m, data.tenantId, data.connectionId, data.stream, runId, SYNC_LEASE_MS);
      if (!claimed) return null;
      if (claimed.staleRunId) await this.repo.interrupted(m, claimed.staleRunId);
      await this.repo.startRun(m, { id: runId, tenantId: data.tenantId, connectionId: data.connectionId, stream: data.stream, trigger: data.trigger, checkpointFrom: data.trigger === 'full_resync' ? null : claimed.checkpoint });
      const credentials = connection.credentials && connection.credentialsKeyId ? this.vault.open(connection.id, { ciphertext: connection.credentials, keyId: connection.credentialsKeyId }) : {};
      // A full resync reads everything again; what did not change still writes nothing.
      const checkpoint = data.trigger === 'full_resync' ? null : claimed.checkpoint;
      return { provider, stream, checkpoint, config: connection.config, credentials };
    });
    if (!started) return { runId: null, status: 'skipped' };

    const budget = new RequestBudget(this.config.SYNC_MAX_REQUESTS_PER_RUN);
    const ctx = this.context(data, started.provider, started.credentials, started.config, budget);
    let error: string | null = null;
    let status: 'succeeded' | 'failed' = 'succeeded';
    const { stream } = started;
    try {
      if (!('read' in stream)) await this.push(data, runId, stream, pushConfigOf(started.config).on, started.checkpoint, ctx, budget);
      else for await (const page of readAhead(stream.read(ctx, started.checkpoint), READ_AHEAD)) {
        const stored = await this.apply(data, runId, stream, page, budget);
        // Counted once committed, like every other intake channel.
        if (stored.length > 0) this.metrics.intake('sync', stored);
      }
    } catch (caught) {
      if (caught instanceof BudgetSpentError) {
        error = caught.message;
      } else {
        status = 'failed';
        error = caught instanceof ProviderError ? caught.message : caught instanceof LeaseLostError ? 'another run took this stream over' : 'the run failed unexpectedly';
        if (!(caught instanceof ProviderError)) this.logger.warn({ err: caught, connectionId: data.connectionId, stream: data.stream }, 'sync run failed');
        if (caught instanceof ProviderError && caught.kind === 'auth') await this.needsAttention(data, caught.message);
      }
    }
    await this.db.run(data.tenantId, async (m) => {
      await this.repo.finishRun(m, runId, status, error, budget.used);
      await this.repo.release(m, data.connectionId, data.stream, runId);
    });
    this.metrics.syncRun(started.provider.name, status);
    return { runId, status, error };
  }

  // Pushes leads that reached `on` to the provider: a reconciling pass over the leads' own state, never a
  // hook in every path that changes a status. A status and updated_at commit in the lead's transaction,
  // so a pass from the checkpoint (minus the lookback, for transactions that committed late) finds every
  // lead that got there; the `push` stream's records say which were handled, so none goes twice. Each
  // batch is read, sent (no transaction held open across the call), then recorded with the checkpoint in
  // one transaction. Leads whose push failed are sent again by every run, first.
  private async push(data: SyncJobData, runId: string, stream: PushStream, on: string, checkpoint: string | null, ctx: PullContext, budget: RequestBudget): Promise<void> {
    const started = new Date();
    // The checkpoint is `{updated_at}|{lead id}` of the last lead handled; read again from a lookback before it.
    const at = checkpoint ? Date.parse(checkpoint.split('|')[0]) : NaN;
    let cursor = { at: new Date((Number.isFinite(at) ? at : started.getTime()) - this.config.SYNC_LOOKBACK_SECONDS * 1000).toISOString(), id: '00000000-0000-0000-0000-000000000000' };
    let retried = false;
    for (;;) {
      const batch = await this.db.run(data.tenantId, async (m) => {
        // Retries take at most half a batch: leads that keep failing never hold new ones back.
        const failed = retried ? [] : await this.pushes.failed(m, data.connectionId, on, Math.floor(stream.batchSize / 2));
        const room = stream.batchSize - failed.length;
        return { failed, fresh: await this.pushes.candidates(m, data.connectionId, on, cursor, room), room };
      });
      retried = true;
      const leads = [...batch.failed, ...batch.fresh];
      if (leads.length === 0) break;
      const last = batch.fresh[batch.fresh.length - 1];
      if (last) cursor = { at: last.updatedAt, id: last.id };
      // A lead that came from the provider is never sent back as a new record.
      const outgoing = leads.filter((l) => l.source !== stream.origin);
      const outcomes = outgoing.length > 0 ? await stream.send(ctx, outgoing) : [];
      await this.db.run(data.tenantId, async (m) => {
        const counts = zero();
        counts.pages = 1;
        counts.fetched = leads.length;
        counts.requests = budget.used;
        const versions: Array<{ ref: string; version: string; leadId: string | null }> = [];
        const failures: Array<{ ref: string; error: string }> = [];
        const remote: Array<{ leadId: string; remote: Record<string, unknown> }> = [];
        const events: Array<{ leadId: string; type: string; data: Record<string, unknown> }> = [];
        for (const lead of leads.filter((l) => l.source === stream.origin)) {
          counts.unchanged++;
          versions.push({ ref: lead.id, version: 'skipped:origin', leadId: lead.id });
        }
        outgoing.forEach((lead, i) => {
          const outcome = outcomes[i] ?? { ok: false as const, error: 'the provider gave no answer for this lead' };
          if (!outcome.ok) {
            counts.failed++;
            failures.push({ ref: lead.id, error: outcome.error.slice(0, 1000) });
            versions.push({ ref: lead.id, version: 'failed', leadId: lead.id });
            return;
          }
          if (outcome.action === 'insert') counts.created++;
          else counts.updated++;
          versions.push({ ref: lead.id, version: pushedVersion(outcome.remoteId, lead.fingerprint), leadId: lead.id });
          remote.push({ leadId: lead.id, remote: { id: outcome.remoteId, pushedAt: new Date().toISOString(), connectionId: data.connectionId } });
          events.push({ leadId: lead.id, type: `${stream.origin}.pushed`, data: { remoteId: outcome.remoteId, action: outcome.action, status: lead.status, connectionId: data.connectionId, syncRunId: runId } });
        });
        await this.pushes.setRemote(m, stream.origin, remote);
        if (events.length > 0) await this.intake.addEvents(m, data.tenantId, events, { type: 'system', id: null });
        await this.repo.saveApplied(m, data.tenantId, data.connectionId, stream.name, versions);
        await this.repo.addFailures(m, data.tenantId, runId, failures);
        const next = last ? `${last.updatedAt}|${last.id}` : null;
        if (!(await this.repo.progress(m, { connectionId: data.connectionId, stream: stream.name, runId, counts, checkpoint: next, leaseMs: SYNC_LEASE_MS }))) throw new LeaseLostError();
      });
      if (batch.fresh.length < batch.room) break;
    }
  }

  private context(data: SyncJobData, provider: PullProvider, credentials: Record<string, string>, config: Record<string, unknown>, budget: RequestBudget): PullContext {
    const policy = this.providers.policy(provider);
    // The run's access token, kept from page to page while it has life left: one read of the connection
    // per token, not per request. A 401 still fetches the shared one again (another worker may have
    // replaced it) or refreshes it.
    let held: { token: string; usableUntil: number } | null = null;
    const token = async (rejected: string | null = null): Promise<string> => {
      if (!held || rejected !== null || held.usableUntil <= Date.now()) held = await this.tokens.lease(data.tenantId, data.connectionId, provider, rejected);
      return held.token;
    };
    return {
      connectionId: data.connectionId,
      config,
      credentials,
      lookbackMs: this.config.SYNC_LOOKBACK_SECONDS * 1000,
      budget,
      call: async (url: string, init: RequestInit = {}): Promise<HttpAnswer> => {
        let current = await token();
        for (let attempt = 0; ; attempt++) {
          const headers = { accept: 'application/json', ...(init.headers as Record<string, string>), authorization: provider.authorization(current) };
          const answer = await providerFetch(url, { ...init, headers }, policy, budget);
          if (answer.status !== 401) return answer;
          // One refresh; a second 401 is for a person to fix.
          if (attempt > 0) throw new ProviderError('auth', `${provider.label} refused a fresh access token (401): reconnect`);
          current = await token(current);
        }
      },
    };
  }

  private async apply(data: SyncJobData, runId: string, stream: PullStream, page: PulledPage, budget: RequestBudget): Promise<IntakeResult[]> {
    return this.db.run(data.tenantId, async (m) => {
      const counts = zero();
      counts.pages = page.pages ?? 1;
      counts.fetched = page.records.length;
      counts.requests = budget.used;
      // The last version of each record in the page wins; a page may repeat one.
      const upserts = new Map<string, Extract<PulledPage['records'][number], { kind: 'upsert' }>>();
      const deletes = new Map<string, PulledDelete>();
      for (const r of page.records) {
        if (r.kind === 'upsert') upserts.set(r.ref, r);
        else deletes.set(`${r.stream}\u0000${r.ref}`, r);
      }
      counts.unchanged += page.records.length - upserts.size - deletes.size;

      const applied = await this.repo.applied(m, data.connectionId, stream.name, [...upserts.keys()]);
      const items: Array<{ index: number; lead: NormalisedLead }> = [];
      const refs: string[] = [];
      const versions: Array<{ ref: string; version: string; leadId: string | null }> = [];
      const failures: Array<{ ref: string; error: string }> = [];
      for (const r of upserts.values()) {
        const before = applied.get(r.ref);
        if (before && before.version === r.version) {
          counts.unchanged++;
          continue;
        }
        if (Array.isArray(r.lead)) {
          failures.push({ ref: r.ref, error: describe(r.lead) });
          versions.push({ ref: r.ref, version: r.version, leadId: null });
          continue;
        }
        refs.push(r.ref);
        items.push({ index: items.length, lead: r.lead });
      }
      const actor = { type: 'system' as const, id: null };
      const eventData = { connectionId: data.connectionId, syncRunId: runId, stream: stream.name };
      const results = items.length > 0 ? await this.intake.ingest(m, data.tenantId, items, { actor, mode: 'upsert', eventData }) : [];
      for (const result of results) {
        const ref = refs[result.index];
        const version = upserts.get(ref)!.version;
        if (result.status === 'error') {
          failures.push({ ref, error: describe(result.errors) });
          versions.push({ ref, version, leadId: null });
          continue;
        }
        if (result.status === 'suppressed') {
          // An erased person: remembered as applied so it is not fetched again, and never stored.
          counts.unchanged++;
          versions.push({ ref, version, leadId: null });
          continue;
        }
        if (result.status === 'created') counts.created++;
        else if (result.event === 'updated_from_source') counts.updated++;
        else counts.merged++;
        versions.push({ ref, version, leadId: result.id });
      }
      counts.failed = failures.length;
      await this.repo.saveApplied(m, data.tenantId, data.connectionId, stream.name, versions);
      await this.repo.addFailures(m, data.tenantId, runId, failures);
      if (page.gone) for (const d of await this.missing(m, data.connectionId, page.gone)) deletes.set(`${d.stream}\u0000${d.ref}`, d);
      await this.applyDeletes(m, data, runId, [...deletes.values()], counts);
      if (page.fullResync) await this.repo.markFullResync(m, runId);
      if (!(await this.repo.progress(m, { connectionId: data.connectionId, stream: stream.name, runId, counts, checkpoint: page.checkpoint, leaseMs: SYNC_LEASE_MS }))) throw new LeaseLostError();
      return results;
    });
  }

  // The records applied under a complete listing's prefix that the listing no longer has.
  private async missing(m: EntityManager, connectionId: string, gone: NonNullable<PulledPage['gone']>): Promise<PulledDelete[]> {
    const present = new Set(gone.present);
    const applied = await this.repo.appliedByPrefix(m, connectionId, gone.stream, [gone.prefix]);
    return applied
      .filter((r) => r.leadId && !r.deletedAt && !present.has(r.ref))
      .map((r) => ({ kind: 'delete' as const, stream: gone.stream, ref: r.ref, version: 'gone', data: gone.data }));
  }

  // A deletion in the provider is an event on the lead it became, once; the lead stays.
  private async applyDeletes(m: EntityManager, data: SyncJobData, runId: string, deletes: PulledDelete[], counts: RunCounts): Promise<void> {
    const byStream = new Map<string, PulledDelete[]>();
    for (const d of deletes) byStream.set(d.stream, [...(byStream.get(d.stream) ?? []), d]);
    for (const [target, list] of byStream) {
      const exact = list.filter((d) => !d.refPrefix);
      const prefixed = list.filter((d) => d.refPrefix);
      const applied = await this.repo.applied(m, data.connectionId, target, exact.map((d) => d.ref));
      const matches: Array<{ ref: string; leadId: string | null; deletedAt: Date | null; d: PulledDelete }> = exact.flatMap((d) => {
        const r = applied.get(d.ref);
        return r ? [{ ref: d.ref, leadId: r.leadId, deletedAt: r.deletedAt, d }] : [];
      });
      for (const r of await this.repo.appliedByPrefix(m, data.connectionId, target, prefixed.map((d) => d.ref))) {
        const d = prefixed.find((p) => r.ref.startsWith(p.ref));
        if (d) matches.push({ ...r, d });
      }
      const fresh = matches.filter((r) => r.leadId && !r.deletedAt);
      counts.deleted += fresh.length;
      counts.unchanged += Math.max(list.length - fresh.length, 0);
      if (fresh.length === 0) continue;
      await this.intake.addEvents(
        m,
        data.tenantId,
        fresh.map((r) => ({ leadId: r.leadId!, type: `${String(r.d.data.provider ?? 'provider')}.removed`, data: { ...r.d.data, sourceRef: r.ref, connectionId: data.connectionId, syncRunId: runId } })),
        { type: 'system', id: null },
      );
      await this.repo.markDeleted(m, data.connectionId, target, fresh.map((r) => r.ref));
    }
  }

  private async needsAttention(data: SyncJobData, message: string): Promise<void> {
    await this.db.run(data.tenantId, (m) =>
      m.update(IntegrationConnection, { id: data.connectionId, status: 'active' }, { status: 'needs_attention', lastError: message.slice(0, 500), lastErrorAt: new Date() }),
    );
  }
}
