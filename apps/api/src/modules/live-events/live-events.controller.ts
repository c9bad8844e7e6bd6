import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../common/auth/access.decorator';
import { UnauthenticatedException } from '../../common/auth/auth.exceptions';
import { credentialOf } from '../../common/auth/credential';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { LiveCloseDto, LiveEventDto, LiveLeadChangeDto, LiveReadyDto, LiveStatsChangeDto } from './dto/live-event.dto';
import { LiveEventsQueryDto } from './dto/live-events-query.dto';
import { LIVE_EVENTS_DESCRIPTION } from './live-events.openapi';
import { LiveEventsService } from './live-events.service';
import { SSE_HEADERS } from './sse';
import { OptionalHeader } from '../../common/http/optional-header.decorator';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { TooManyStreamsException } from './too-many-streams.exception';
import { Problems } from '../../common/problem/problems.decorator';

@ApiTags('events')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@ApiExtraModels(LiveEventDto, LiveLeadChangeDto, LiveStatsChangeDto, LiveReadyDto, LiveCloseDto)
@Controller('events')
export class LiveEventsController {
  constructor(private readonly live: LiveEventsService) {}

  /** Live updates of the workspace's leads and counters, as Server-Sent Events. */
  @Get()
  @Authenticated({ permission: 'leads:read' })
  @ApiOperation({ description: LIVE_EVENTS_DESCRIPTION })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'last-event-id', required: false, description: 'Last-Event-ID: the last event id the client saw; the events after it are replayed.' })
  @ApiOkResponse({
    description: 'An endless text/event-stream (see the description for its events).',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
    headers: { 'X-Accel-Buffering': { description: '`no`: tells a proxy in front (nginx) not to buffer the stream.', schema: { type: 'string', enum: ['no'] } } },
  })
  @ApiResponse({ status: 429, description: 'Too many open streams for this user or key (`too_many_streams`).' })
  @Problems(TooManyStreamsException, HTTP_PROBLEMS.serviceUnavailable)
  async stream(
    @Query() query: LiveEventsQueryDto,
    @Ctx() ctx: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @OptionalHeader('last-event-id') lastEventId?: string,
  ): Promise<void> {
    // The HEAD route Fastify adds for every GET answers the headers only: no stream is opened.
    if (request.method === 'HEAD') return void reply.headers(SSE_HEADERS).send();
    const credential = credentialOf(request);
    if (!credential) throw new UnauthenticatedException();
    // Sent through Fastify (not a hijacked socket), so CORS, security headers and the request log apply;
    // the log line is written when the stream ends.
    const stream = await this.live.open(requirePrincipal(ctx), credential, lastEventId ?? query.lastEventId);
    // The client may have gone while the stream was being set up.
    if (reply.raw.destroyed) return stream.destroy();
    void reply.headers(SSE_HEADERS).send(stream.body);
  }
}
