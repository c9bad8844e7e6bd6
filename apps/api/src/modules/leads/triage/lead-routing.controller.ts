import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../../common/auth/request-context';
import { Problems } from '../../../common/problem/problems.decorator';
import { AssignmentService } from '../../rules/assignment.service';
import { RouteLeadsResultDto } from '../../rules/dto/route-leads.dto';
import { leadWhere } from '../lead-list-query';
import { RouteLeadsDto } from './dto/route-leads.dto';
import { AssigneeMeNeedsUserException, toLeadFilter } from './lead-filter';

@ApiTags('leads')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('leads')
export class LeadRoutingController {
  constructor(private readonly assignment: AssignmentService) {}

  /** Applies the assignment rules to unassigned open leads (optionally those matching a filter), oldest first. */
  @Post('route')
  @HttpCode(200)
  @Authenticated({ permission: 'leads:assign' })
  @Problems(AssigneeMeNeedsUserException)
  route(@Body() dto: RouteLeadsDto, @Ctx() ctx: RequestContext): Promise<RouteLeadsResultDto> {
    const caller = requirePrincipal(ctx);
    const filter = toLeadFilter(dto.filter ?? {}, caller.principal);
    return this.assignment.routeUnassigned(caller, (params) => leadWhere(caller.principal.tenantId, filter, params), dto.limit);
  }
}
