import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, requireUser, type RequestContext } from '../../common/auth/request-context';
import { StatementClassOf } from '../../common/db/statement-scope';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { Problems } from '../../common/problem/problems.decorator';
import { AssigneeMeNeedsUserException } from '../leads/triage/lead-filter';
import { BulkTargetException, LeadInTrashException, LeadNotFoundException } from '../leads/triage/lead-exceptions';
import { BulkTooLargeException } from './bulk-too-large.exception';
import { EnrichmentSettingsDto, UpdateEnrichmentSettingsDto } from './dto/enrichment-settings.dto';
import { BulkEnrichDto, BulkEnrichRunDto, EnrichLeadDto, EnrichmentListDto, EnrichQueuedDto } from './dto/enrichment.dto';
import { EnrichmentService } from './enrichment.service';
import { EnrichmentSettingsService } from './enrichment-settings.service';

// Enriching leads is a change to leads (leads:write); reading a lead's lookups is reading the lead. The
// settings spend money on connected providers, so they are the integrations admin's (integrations:manage).
@ApiTags('enrichment')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('leads')
export class LeadEnrichmentController {
  constructor(private readonly enrichment: EnrichmentService) {}

  /** Queues a lookup of the lead's phone and email with every enabled provider; `force` bypasses the workspace's cache (a paid lookup). */
  @Post(':id/enrich')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: EnrichQueuedDto })
  @Authenticated({ permission: 'leads:write' })
  @Problems(LeadNotFoundException, LeadInTrashException)
  enrich(@Param('id', ParseIdPipe) id: string, @Body() dto: EnrichLeadDto, @Ctx() ctx: RequestContext): Promise<EnrichQueuedDto> {
    return this.enrichment.enrichLead(requirePrincipal(ctx), id, dto.force ?? false);
  }

  /** The lead's lookups, newest first (at most 50): queued, answered (possibly from the cache), failed or skipped with the reason. */
  @Get(':id/enrichments')
  @Authenticated({ permission: 'leads:read' })
  @Problems(LeadNotFoundException)
  async history(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<EnrichmentListDto> {
    return { items: await this.enrichment.history(requirePrincipal(ctx), id) };
  }

  /** Queues lookups for up to 10,000 leads given by id or matched by a list filter; poll the answer's id for progress. Budgets apply. */
  @Post('bulk-enrich')
  @HttpCode(202)
  @StatementClassOf('bulk')
  @ApiAcceptedResponse({ type: BulkEnrichRunDto })
  @Authenticated({ permission: 'leads:write' })
  @Problems(BulkTargetException, BulkTooLargeException, AssigneeMeNeedsUserException)
  bulkEnrich(@Body() dto: BulkEnrichDto, @Ctx() ctx: RequestContext): Promise<BulkEnrichRunDto> {
    return this.enrichment.bulkEnrich(requirePrincipal(ctx), dto);
  }

  /** The progress of a bulk enrichment. */
  @Get('bulk-enrich/:id')
  @Authenticated({ permission: 'leads:write' })
  @Problems(HTTP_PROBLEMS.notFound)
  bulkProgress(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<BulkEnrichRunDto> {
    return this.enrichment.bulkProgress(requirePrincipal(ctx), id);
  }
}

@ApiTags('enrichment')
@ApiBearerAuth('bearer')
@Controller('enrichment/settings')
@Authenticated({ permission: 'integrations:manage', staffOnly: true })
export class EnrichmentSettingsController {
  constructor(private readonly settings: EnrichmentSettingsService) {}

  /** Which providers run, automatically or on demand, their daily budgets with today's usage, and their connections. */
  @Get()
  get(@Ctx() ctx: RequestContext): Promise<EnrichmentSettingsDto> {
    return this.settings.get(requireUser(ctx));
  }

  /** Changes the fields sent and answers the settings as they now are. */
  @Patch()
  update(@Body() dto: UpdateEnrichmentSettingsDto, @Ctx() ctx: RequestContext): Promise<EnrichmentSettingsDto> {
    return this.settings.update(requireUser(ctx), dto);
  }
}
