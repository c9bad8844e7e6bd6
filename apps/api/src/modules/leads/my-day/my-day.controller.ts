import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../../common/auth/request-context';
import { MyDayDto } from './dto/my-day.dto';
import { MyDayQueryDto } from './dto/my-day-query.dto';
import { MyDayService } from './my-day.service';

@ApiTags('leads')
@ApiBearerAuth('bearer')
@Controller('leads/my-day')
export class MyDayController {
  constructor(private readonly myDay: MyDayService) {}

  /** The signed-in user's day: overdue follow-ups, follow-ups due today, unread assigned leads, first responses due within the hour; each section oldest due first. */
  @Get()
  @Authenticated({ permission: 'leads:read', staffOnly: true })
  get(@Query() query: MyDayQueryDto, @Ctx() ctx: RequestContext): Promise<MyDayDto> {
    return this.myDay.get(requireUser(ctx), query);
  }
}
