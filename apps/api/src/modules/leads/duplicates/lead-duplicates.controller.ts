import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../../common/auth/request-context';
import { Problems } from '../../../common/problem/problems.decorator';
import { DuplicatePageDto } from './dto/duplicate-pair.dto';
import { ListDuplicatesQueryDto } from './dto/list-duplicates-query.dto';
import { InvalidDuplicateCursorException } from './invalid-duplicate-cursor.exception';
import { LeadDuplicatesService } from './lead-duplicates.service';

@ApiTags('leads')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('leads/duplicates')
export class LeadDuplicatesController {
  constructor(private readonly duplicates: LeadDuplicatesService) {}

  /**
   * Pairs of leads that may be the same person, with the reason each pair matched, newest lead first:
   * an open lead sharing an email or phone with an archived or converted one, the same name and company
   * with other contacts, and Gmail addresses that differ only by dots or a `+tag`. Leads in the trash are
   * left out.
   */
  @Get()
  @Authenticated({ permission: 'leads:read' })
  @Problems(InvalidDuplicateCursorException)
  list(@Query() query: ListDuplicatesQueryDto, @Ctx() ctx: RequestContext): Promise<DuplicatePageDto> {
    return this.duplicates.list(requirePrincipal(ctx), query);
  }
}
