import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { BulkLeadsDto } from './dto/bulk-leads.dto';
import { BulkLeadsResultDto } from './dto/bulk-leads-result.dto';
import { CreateLeadDto } from './dto/create-lead.dto';
import { LeadAcceptedDto } from './dto/lead-accepted.dto';
import { LeadDto } from './dto/lead.dto';
import { sendOutcome } from './idempotent-reply';
import { LeadIngestService } from './lead-ingest.service';
import { OptionalHeader } from '../../common/http/optional-header.decorator';
import { IdempotencyKeyReusedException } from './idempotency-key-reused.exception';
import { IdempotencyRequestInFlightException } from './idempotency-request-in-flight.exception';
import { IngestContentionException } from './ingest-contention.exception';
import { InvalidIdempotencyKeyException } from './invalid-idempotency-key.exception';
import { Problems } from '../../common/problem/problems.decorator';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Up to 255 printable characters. A retry with the same key and body gets the first response back (header `Idempotent-Replayed: true`) for 24 hours.',
};

const REPLAYED_HEADERS = {
  'Idempotent-Replayed': { description: 'Present (`true`) when this is the stored response of an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
};

// Ingest for integrations (API keys with the leads:write scope) and staff.
@ApiTags('leads')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('leads')
@Authenticated({ permission: 'leads:write' })
export class LeadsController {
  constructor(private readonly ingest: LeadIngestService) {}

  /** Stores a lead; when it matches an open lead by email or phone (or the same source and sourceRef), it merges into that lead instead. */
  @Post()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiResponse({ status: 201, type: LeadDto, headers: REPLAYED_HEADERS, description: 'A new lead was created (or, with `Idempotent-Replayed: true`, the response that created it, replayed)' })
  @ApiOkResponse({ type: LeadDto, headers: REPLAYED_HEADERS, description: 'Merged into an existing lead (`deduplicated: true`), or that response replayed' })
  @ApiResponse({ status: 202, type: LeadAcceptedDto, headers: REPLAYED_HEADERS, description: 'Received and not stored: the workspace\'s privacy rules keep this person out' })
  @Problems(InvalidIdempotencyKeyException, IdempotencyKeyReusedException, IdempotencyRequestInFlightException, IngestContentionException)
  async create(
    @Body() dto: CreateLeadDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @OptionalHeader('idempotency-key') key?: string,
  ): Promise<LeadDto | LeadAcceptedDto> {
    return sendOutcome(reply, await this.ingest.createOne(requirePrincipal(ctx), dto, key));
  }

  /** Stores up to 1,000 leads in one request; valid items are stored even when others fail, and each item gets a result at its index. */
  @Post('bulk')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse({ type: BulkLeadsResultDto, headers: REPLAYED_HEADERS })
  @Problems(InvalidIdempotencyKeyException, IdempotencyKeyReusedException, IdempotencyRequestInFlightException, IngestContentionException)
  async bulk(
    @Body() dto: BulkLeadsDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @OptionalHeader('idempotency-key') key?: string,
  ): Promise<BulkLeadsResultDto> {
    return sendOutcome(reply, await this.ingest.createMany(requirePrincipal(ctx), dto, key));
  }
}
