import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../../common/auth/request-context';
import { ParseIdPipe } from '../../../common/http/parse-id.pipe';
import { Problems } from '../../../common/problem/problems.decorator';
import { DuplicateOpenLeadException, LeadInTrashException, LeadNotFoundException, LeadNotYoursException, LeadVersionMismatchException } from '../triage/lead-exceptions';
import { LeadMergeDto, LeadMergeUndoneDto } from './dto/lead-merge.dto';
import { MergeLeadsDto } from './dto/merge-leads.dto';
import { LeadMergeAlreadyUndoneException, LeadMergeNotFoundException, LeadMergeUndoConflictException, LeadMergeUndoExpiredException } from './lead-merge.exceptions';
import { LeadMergeService } from './lead-merge.service';

@ApiTags('leads')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('leads')
export class LeadMergeController {
  constructor(private readonly merges: LeadMergeService) {}

  /**
   * Merges leads into the survivor: each field takes the value of the lead named in `fields` (by default the
   * newest lead with a value), tags are combined, the timeline and enrichments move to the survivor, and the
   * other leads are hidden. Undoable for 30 days.
   */
  @Post('merge')
  @HttpCode(200)
  @Authenticated({ permission: 'leads:delete' })
  @Problems(LeadNotFoundException, LeadInTrashException, LeadVersionMismatchException, LeadNotYoursException, DuplicateOpenLeadException)
  merge(@Body() dto: MergeLeadsDto, @Ctx() ctx: RequestContext): Promise<LeadMergeDto> {
    return this.merges.merge(requirePrincipal(ctx), dto);
  }

  /** Puts every lead of the merge back as it was, with its timeline and enrichments. */
  @Post('merges/:id/undo')
  @HttpCode(200)
  @Authenticated({ permission: 'leads:delete' })
  @Problems(LeadMergeNotFoundException, LeadMergeAlreadyUndoneException, LeadMergeUndoExpiredException, LeadMergeUndoConflictException, LeadNotYoursException, DuplicateOpenLeadException)
  undo(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<LeadMergeUndoneDto> {
    return this.merges.undo(requirePrincipal(ctx), id);
  }
}
