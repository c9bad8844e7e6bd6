import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../../common/auth/request-context';
import { LeadStatsQueryDto } from './dto/lead-stats-query.dto';
import { LeadStatsDto } from './dto/lead-stats.dto';
import { LeadStatsByAssigneeDto } from './dto/lead-stats-by-assignee.dto';
import { LeadStatsService } from './lead-stats.service';
import { AssigneeMeNeedsUserException } from '../triage/lead-filter';
import { Problems } from '../../../common/problem/problems.decorator';

@ApiTags('leads')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('leads')
@Authenticated({ permission: 'leads:read' })
export class LeadStatsController {
  constructor(private readonly stats: LeadStatsService) {}

  /** KPIs over the leads created in [from, to) (default: the last 30 days): counts by status, priority, source and type, velocity, conversion and contact rates, time to first contact, open SLA breaches and a daily series by source. Counts are exact. */
  @Get('stats')
  @Problems(AssigneeMeNeedsUserException)
  get(@Query() query: LeadStatsQueryDto, @Ctx() ctx: RequestContext): Promise<LeadStatsDto> {
    return this.stats.stats(requirePrincipal(ctx), query);
  }

  /** Per rep over the leads created in [from, to) (default: the last 30 days): leads assigned, contacted, exact median time to first contact, SLA breaches and conversions. Managers and above (leads:assign) see every rep; others see their own row. */
  @Get('stats/by-assignee')
  byAssignee(@Query() query: LeadStatsQueryDto, @Ctx() ctx: RequestContext): Promise<LeadStatsByAssigneeDto> {
    return this.stats.byAssignee(requirePrincipal(ctx), query);
  }
}
