import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { Problems } from '../../common/problem/problems.decorator';
import { AssignmentRuleNotFoundException } from './assignment-rule-not-found.exception';
import { AssignmentService } from './assignment.service';
import { AssignmentPreviewDto } from './dto/assignment-preview.dto';
import { AssignmentRuleDto, AssignmentSettingsDto } from './dto/assignment-rule.dto';
import { CreateAssignmentRuleDto } from './dto/create-assignment-rule.dto';
import { UpdateAssignmentRuleDto } from './dto/update-assignment-rule.dto';
import { UpdateAssignmentSettingsDto } from './dto/update-assignment-settings.dto';
import { InvalidAssignmentTargetException } from './invalid-assignment-target.exception';
import { InvalidConditionException } from './invalid-condition.exception';

@ApiTags('assignment')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('settings')
export class AssignmentSettingsController {
  constructor(private readonly assignment: AssignmentService) {}

  /** The workspace's assignment rules in order, and the time zone of their time-of-day conditions. */
  @Get('assignment')
  @Authenticated({ permission: 'leads:read' })
  get(@Ctx() ctx: RequestContext): Promise<AssignmentSettingsDto> {
    return this.assignment.settings(requirePrincipal(ctx));
  }

  /** Sets the time zone of time-of-day conditions (422 `invalid_assignment_target` for an unknown zone). */
  @Patch('assignment')
  @Authenticated({ permission: 'settings:manage' })
  @Problems(InvalidAssignmentTargetException)
  update(@Body() dto: UpdateAssignmentSettingsDto, @Ctx() ctx: RequestContext): Promise<AssignmentSettingsDto> {
    return this.assignment.updateSettings(requirePrincipal(ctx), dto);
  }

  /** Adds a rule at the end of the order. */
  @Post('assignment-rules')
  @Authenticated({ permission: 'settings:manage' })
  @Problems(InvalidConditionException, InvalidAssignmentTargetException)
  create(@Body() dto: CreateAssignmentRuleDto, @Ctx() ctx: RequestContext): Promise<AssignmentRuleDto> {
    return this.assignment.createRule(requirePrincipal(ctx), dto);
  }

  /** Changes a rule (its place in the order with `position`). */
  @Patch('assignment-rules/:id')
  @Authenticated({ permission: 'settings:manage' })
  @Problems(InvalidConditionException, InvalidAssignmentTargetException, AssignmentRuleNotFoundException)
  updateRule(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateAssignmentRuleDto, @Ctx() ctx: RequestContext): Promise<AssignmentRuleDto> {
    return this.assignment.updateRule(requirePrincipal(ctx), id, dto);
  }

  /** Deletes an assignment rule. Leads it assigned keep their assignee. */
  @Delete('assignment-rules/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @Authenticated({ permission: 'settings:manage' })
  @Problems(AssignmentRuleNotFoundException)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.assignment.deleteRule(requirePrincipal(ctx), id);
  }

  /** Who the rules as they are now would have given the last 100 leads to. Nothing is written. */
  @Get('assignment/preview')
  @Authenticated({ permission: 'leads:read' })
  preview(@Ctx() ctx: RequestContext): Promise<AssignmentPreviewDto> {
    return this.assignment.preview(requirePrincipal(ctx));
  }
}
