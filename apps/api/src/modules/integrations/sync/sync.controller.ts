import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../../common/auth/request-context';
import { ParseIdPipe } from '../../../common/http/parse-id.pipe';
import { HTTP_PROBLEMS } from '../../../common/problem/problem-kind';
import { Problems } from '../../../common/problem/problems.decorator';
import { appConfig, type AppConfig } from '../../../config/app.config';
import { publicBaseUrlFor } from '../../../common/http/public-url';
import { InvalidCursorException } from '../../audit/invalid-cursor.exception';
import { toConnectionDto } from '../connection-dto.mapper';
import { ConnectionDto } from '../dto/connection.dto';
import { ListRunsQueryDto } from './dto/list-runs-query.dto';
import { SyncQueuedDto } from './dto/sync-queued.dto';
import { SyncRequestDto } from './dto/sync-request.dto';
import { SyncRunFailureDto, SyncRunPageDto } from './dto/sync-run.dto';
import { SyncNotSupportedException } from './sync-not-supported.exception';
import { ConnectionNeedsAttentionException } from './connection-needs-attention.exception';
import { SyncService } from './sync.service';

// Pull connections (Zoho CRM): runs on demand, the schedule paused or resumed, and the runs' record.
@ApiTags('integrations')
@ApiBearerAuth('bearer')
@Controller('integrations/connections')
@Authenticated({ permission: 'integrations:manage', staffOnly: true })
export class SyncController {
  constructor(
    private readonly sync: SyncService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {
  }

  /**
   * Queues a run of every stream of a pull connection now, paused or not; `full: true` reads everything
   * again from the beginning. A connection whose credentials the provider refused (`needs_attention`)
   * answers 409 `connection_needs_attention` until its credentials are saved again or Test succeeds.
   */
  @Post(':id/sync')
  @HttpCode(202)
  @Problems(HTTP_PROBLEMS.notFound, SyncNotSupportedException, ConnectionNeedsAttentionException)
  syncNow(@Param('id', ParseIdPipe) id: string, @Body() dto: SyncRequestDto, @Ctx() ctx: RequestContext): Promise<SyncQueuedDto> {
    return this.sync.syncNow(requireUser(ctx), id, dto.full === true);
  }

  /** Stops the schedule of a pull connection; `sync` still runs it on demand. */
  @Post(':id/pause')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound, SyncNotSupportedException)
  async pause(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ConnectionDto> {
    return toConnectionDto(await this.sync.setPaused(requireUser(ctx), id, true), publicBaseUrlFor(this.app, ctx));
  }

  /** Restarts the schedule of a paused pull connection; its next run is due at once. */
  @Post(':id/resume')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound, SyncNotSupportedException)
  async resume(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ConnectionDto> {
    return toConnectionDto(await this.sync.setPaused(requireUser(ctx), id, false), publicBaseUrlFor(this.app, ctx));
  }

  /** The connection's sync runs, newest first (keyset pages), with their counts and checkpoints. */
  @Get(':id/runs')
  @Problems(HTTP_PROBLEMS.notFound, SyncNotSupportedException, InvalidCursorException)
  runs(@Param('id', ParseIdPipe) id: string, @Query() query: ListRunsQueryDto, @Ctx() ctx: RequestContext): Promise<SyncRunPageDto> {
    return this.sync.runs(requireUser(ctx), id, query);
  }

  /** The provider records a run could not store, with the provider's id and why (at most 500). */
  @Get(':id/runs/:runId/failures')
  @Problems(HTTP_PROBLEMS.notFound, SyncNotSupportedException)
  failures(@Param('id', ParseIdPipe) id: string, @Param('runId', ParseIdPipe) runId: string, @Ctx() ctx: RequestContext): Promise<SyncRunFailureDto[]> {
    return this.sync.failures(requireUser(ctx), id, runId);
  }
}
