import { Global, Injectable, Module } from '@nestjs/common';

// One line of the detailed system health (GET /api/v1/system/health): what was checked, how it stands and why.
export type SystemCheckStatus = 'ok' | 'warn' | 'fail';

export interface SystemCheckResult {
  status: SystemCheckStatus;
  // Plain words an operator can act on ("last backup 30 h ago", "3 jobs waiting, oldest 12 min").
  reason: string;
  // Numbers behind the verdict (round-trip ms, bytes free, ages in seconds); never secrets.
  details?: Record<string, string | number | boolean | null>;
}

export interface SystemCheck {
  // Stable key in the health response, for example "database" or "backup".
  readonly name: string;
  run(): Promise<SystemCheckResult>;
}

// Where each module adds the checks it owns (in onModuleInit), so the system module that reports them needs to
// know none of the modules: backups, integrations or queues register here, the report reads here.
@Injectable()
export class SystemChecks {
  private readonly checks = new Map<string, SystemCheck>();

  register(check: SystemCheck): void {
    if (this.checks.has(check.name)) throw new Error(`system check "${check.name}" is registered twice`);
    this.checks.set(check.name, check);
  }

  all(): SystemCheck[] {
    return [...this.checks.values()];
  }
}

@Global()
@Module({ providers: [SystemChecks], exports: [SystemChecks] })
export class SystemChecksModule {}
