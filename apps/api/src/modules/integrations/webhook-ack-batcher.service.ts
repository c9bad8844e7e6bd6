import { Inject, Injectable } from '@nestjs/common';
import { statementScope, statementTimeoutOf, type StatementScope } from '../../common/db/statement-scope';
import { TenantDb } from '../../common/db/tenant-db.service';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

type Stored = { current: boolean; deliveryId: string | null };

interface Waiting {
  statement: string;
  resolve: (stored: Stored) => void;
  reject: (error: unknown) => void;
}

interface Workspace {
  inFlight: number;
  waiting: Waiting[];
}

// Round trips one workspace's acknowledgements may have in flight; what arrives meanwhile waits and goes
// in the next one. The most statements one round trip carries.
const IN_FLIGHT = 2;
const BATCH_MAX = 64;
// And the most SQL text it carries: a statement holds its body in hex (up to 512 KB for a 256 KB body), and
// 64 of those would be 32 MB of query text in a heap capped at 256 MB.
const BATCH_MAX_CHARS = 4_000_000;

// The acknowledgement statements of the one-round-trip path (insertWithJobIfCurrentSql), sent together
// per workspace: while IN_FLIGHT transactions of a workspace are under way, the statements that arrive
// wait and then go in one transaction and one round trip. Nothing waits on a timer: an idle workspace's
// statement goes at once, and under load one socket write and one commit serve many acknowledgements
// (decision 0038). Each caller still gets its own statement's answer, after the commit.
//
// A transaction of several that fails (a deadlock between two batches racing on the same dedupe keys,
// a statement one delivery's values break) commits nothing; each of its statements is then run alone,
// so a failure is that delivery's only. The statements run with the write class's timeout and never
// with one request's hang-up signal: a client that leaves must not cancel the others' statements.
@Injectable()
export class WebhookAckBatcher {
  private readonly workspaces = new Map<string, Workspace>();
  private readonly scope: StatementScope;

  constructor(
    private readonly db: TenantDb,
    private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(databaseConfig.KEY) config: DatabaseConfig,
  ) {
    this.scope = { timeoutMs: statementTimeoutOf('write', config), signal: new AbortController().signal };
  }

  store(tenantId: string, statement: string): Promise<Stored> {
    return new Promise<Stored>((resolve, reject) => {
      let workspace = this.workspaces.get(tenantId);
      if (!workspace) {
        workspace = { inFlight: 0, waiting: [] };
        this.workspaces.set(tenantId, workspace);
      }
      workspace.waiting.push({ statement, resolve, reject });
      this.send(tenantId, workspace);
    });
  }

  private send(tenantId: string, workspace: Workspace): void {
    if (workspace.inFlight >= IN_FLIGHT || workspace.waiting.length === 0) return;
    let take = 0;
    let chars = 0;
    while (take < workspace.waiting.length && take < BATCH_MAX && (take === 0 || chars + workspace.waiting[take].statement.length <= BATCH_MAX_CHARS)) {
      chars += workspace.waiting[take].statement.length;
      take++;
    }
    const batch = workspace.waiting.splice(0, take);
    workspace.inFlight++;
    void statementScope
      .run(this.scope, () => this.run(tenantId, batch))
      .finally(() => {
        workspace.inFlight--;
        if (workspace.inFlight === 0 && workspace.waiting.length === 0) this.workspaces.delete(tenantId);
        else this.send(tenantId, workspace);
      });
  }

  private async run(tenantId: string, batch: Waiting[]): Promise<void> {
    try {
      const stored = await this.deliveries.insertWithJobsIfCurrent(this.db, tenantId, batch.map((w) => w.statement));
      batch.forEach((w, i) => w.resolve(stored[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      await Promise.all(batch.map((w) => this.run(tenantId, [w])));
    }
  }
}
