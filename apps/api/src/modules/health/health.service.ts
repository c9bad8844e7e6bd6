import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { LifecycleService } from './lifecycle.service';

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly lifecycle: LifecycleService,
  ) {}

  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
  }

  live(): HealthCheckResult {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  async ready(): Promise<HealthCheckResult> {
    if (this.lifecycle.shuttingDown) {
      throw new ServiceUnavailableException({ status: 'error', info: {}, error: { app: { status: 'down', message: 'shutting down' } }, details: {} });
    }
    return this.check();
  }
}
