import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { Problems } from '../../common/problem/problems.decorator';
import { CreateSlackChannelDto, SlackChannelDto, UpdateSlackChannelDto } from './dto/slack-channel.dto';
import { NotificationSlackService } from './notification-slack.service';
import { SlackUrlRefusedException } from './slack-url-refused.exception';

// Slack incoming webhooks of the workspace, each posting some kinds of notification. Staff only: the URL
// is a credential and its changes are audited against a person.
@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('notification-settings/slack-channels')
@Authenticated({ permission: 'settings:manage', staffOnly: true })
export class NotificationSlackController {
  constructor(private readonly slack: NotificationSlackService) {}

  /** Every Slack channel with its state: last post, last failure and its error, waiting and failed posts. */
  @Get()
  list(@Ctx() ctx: RequestContext): Promise<SlackChannelDto[]> {
    return this.slack.list(requireUser(ctx));
  }

  /** Adds a channel (400 `slack_url_refused` for a URL that is not https on hooks.slack.com). */
  @Post()
  @Problems(SlackUrlRefusedException)
  create(@Body() dto: CreateSlackChannelDto, @Ctx() ctx: RequestContext): Promise<SlackChannelDto> {
    return this.slack.create(requireUser(ctx), dto);
  }

  /** Changes the name, URL, kinds or enabled flag. */
  @Patch(':id')
  @Problems(HTTP_PROBLEMS.notFound, SlackUrlRefusedException)
  update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateSlackChannelDto, @Ctx() ctx: RequestContext): Promise<SlackChannelDto> {
    return this.slack.update(requireUser(ctx), id, dto);
  }

  /** Removes a channel and its waiting posts. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @Problems(HTTP_PROBLEMS.notFound)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.slack.remove(requireUser(ctx), id);
  }
}
