import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { queryRows } from '../../common/db/sql';
import { TenantDb } from '../../common/db/tenant-db.service';
import { JobsService } from '../jobs/jobs.service';
import { RulesRepository } from './rules.repository';
import { ScoringService } from './scoring.service';

export const SCORE_DECAY_JOB = 'rules.decay';
export const SCORE_DECAY_INTERVAL_MS = 60 * 60_000;
// Leads per transaction, as in a full rescoring.
const BATCH = 10_000;

// Decay (points lost per whole day without contact) moves scores without anyone editing a lead. Every
// hour this rescores, in each workspace with decay, the leads whose whole days without contact changed
// since the previous run and that still have points to lose: set-based batches, each its own
// transaction, score-only writes (version and updated_at stay). The first run in a workspace looks at
// every such lead. A lead's day turns at the time of day it came in or was last contacted, so an hourly
// run keeps each score at most an hour behind.
@Injectable()
export class ScoreDecayJob implements OnModuleInit {
  private readonly logger = new Logger('Scoring');

  constructor(
    private readonly jobs: JobsService,
    private readonly db: TenantDb,
    private readonly repository: RulesRepository,
    private readonly scoring: ScoringService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(SCORE_DECAY_JOB, () => this.run().then(() => undefined), { retryLimit: 1, retryDelay: 300, expireInSeconds: 60 * 60 });
  }

  // Only enqueues; the tick's job id makes it run once however many replicas tick.
  @Interval(SCORE_DECAY_JOB, SCORE_DECAY_INTERVAL_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(SCORE_DECAY_JOB, SCORE_DECAY_INTERVAL_MS);
  }

  // Answers the number of scores changed per workspace (workspaces with none are left out).
  async run(): Promise<Record<string, number>> {
    const tenants = await this.db.crossTenant((m) => queryRows<{ id: string }>(m, `SELECT id FROM tenants`));
    const changed: Record<string, number> = {};
    for (const { id } of tenants) {
      try {
        const n = await this.refresh(id);
        if (n > 0) changed[id] = n;
      } catch (error) {
        this.logger.warn({ err: error, tenantId: id }, 'decay refresh failed for a workspace');
      }
    }
    if (Object.keys(changed).length > 0) this.logger.log({ changed }, 'refreshed decayed scores');
    return changed;
  }

  // One workspace: answers how many scores changed. The time is the database's, so the days counted
  // agree with the leads' own timestamps.
  async refresh(tenantId: string): Promise<number> {
    const state = await this.db.run(tenantId, async (m) => {
      const [row] = await queryRows<{ decayPerDay: number; since: Date | null; now: Date }>(
        m,
        `SELECT decay_per_day AS "decayPerDay", decay_refreshed_at AS since, now() AS now FROM lead_rule_settings WHERE tenant_id = $1`,
        [tenantId],
      );
      // No settings row: no decay (the default).
      if (!row?.decayPerDay) return null;
      return { since: row.since ?? new Date(0), now: row.now, model: await this.scoring.loadModel(m, tenantId) };
    });
    if (!state) return 0;
    let after: { createdAt: string; id: string } | null = null;
    let written = 0;
    for (;;) {
      const batch = await this.db.run(tenantId, (m) => this.repository.rescore(m, tenantId, state.model, { after, limit: BATCH, decayMovedSince: state.since }, state.now));
      written += batch.written;
      if (batch.seen < BATCH || !batch.last) break;
      after = batch.last;
    }
    await this.db.run(tenantId, (m) => m.query(`UPDATE lead_rule_settings SET decay_refreshed_at = $2 WHERE tenant_id = $1`, [tenantId, state.now]));
    return written;
  }
}
