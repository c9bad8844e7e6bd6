import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { Problems } from '../../common/problem/problems.decorator';
import { CreateScoringRuleDto } from './dto/create-scoring-rule.dto';
import { ScoringPreviewDto, ScoringPreviewResultDto } from './dto/scoring-preview.dto';
import { ScoringRuleDto } from './dto/scoring-rule.dto';
import { ScoringSettingsDto } from './dto/scoring-settings.dto';
import { UpdateScoringRuleDto } from './dto/update-scoring-rule.dto';
import { UpdateScoringSettingsDto } from './dto/update-scoring-settings.dto';
import { InvalidConditionException } from './invalid-condition.exception';
import { ScoringRuleNotFoundException } from './scoring-rule-not-found.exception';
import { ScoringService } from './scoring.service';

@ApiTags('scoring')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('settings')
export class ScoringSettingsController {
  constructor(private readonly scoring: ScoringService) {}

  /** The workspace's scoring rules, the decay, and the progress of the last rescoring. */
  @Get('scoring')
  @Authenticated({ permission: 'leads:read' })
  get(@Ctx() ctx: RequestContext): Promise<ScoringSettingsDto> {
    return this.scoring.settings(requirePrincipal(ctx));
  }

  /** Sets the decay (points lost per day without contact); every lead is scored again in the background. */
  @Patch('scoring')
  @Authenticated({ permission: 'settings:manage' })
  update(@Body() dto: UpdateScoringSettingsDto, @Ctx() ctx: RequestContext): Promise<ScoringSettingsDto> {
    return this.scoring.updateSettings(requirePrincipal(ctx), dto);
  }

  /** Adds a rule (422 `invalid_condition` names each problem of the condition); every lead is scored again. */
  @Post('scoring-rules')
  @Authenticated({ permission: 'settings:manage' })
  @Problems(InvalidConditionException)
  create(@Body() dto: CreateScoringRuleDto, @Ctx() ctx: RequestContext): Promise<ScoringRuleDto> {
    return this.scoring.createRule(requirePrincipal(ctx), dto);
  }

  /** Changes a rule; every lead is scored again. */
  @Patch('scoring-rules/:id')
  @Authenticated({ permission: 'settings:manage' })
  @Problems(InvalidConditionException, ScoringRuleNotFoundException)
  updateRule(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateScoringRuleDto, @Ctx() ctx: RequestContext): Promise<ScoringRuleDto> {
    return this.scoring.updateRule(requirePrincipal(ctx), id, dto);
  }

  /** Deletes a rule; every lead is scored again. */
  @Delete('scoring-rules/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @Authenticated({ permission: 'settings:manage' })
  @Problems(ScoringRuleNotFoundException)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.scoring.deleteRule(requirePrincipal(ctx), id);
  }

  /** What a new or changed rule would do: how many of the latest 10,000 leads it matches and how the average score moves. Nothing is saved. */
  @Post('scoring/preview')
  @HttpCode(200)
  @Authenticated({ permission: 'settings:manage' })
  @Problems(InvalidConditionException, ScoringRuleNotFoundException)
  preview(@Body() dto: ScoringPreviewDto, @Ctx() ctx: RequestContext): Promise<ScoringPreviewResultDto> {
    return this.scoring.preview(requirePrincipal(ctx), dto);
  }
}
