import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../../common/auth/access.decorator';
import { HealthCheckFilter } from './health-check.filter';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
@UseFilters(HealthCheckFilter)
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Overall health with the database checked: 200 when up, 503 when not. */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check();
  }

  /** Liveness: the process answers. */
  @Get('live')
  @HealthCheck()
  live(): HealthCheckResult {
    return this.health.live();
  }

  /** Readiness: the database answers and the process is not shutting down. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.ready();
  }
}
