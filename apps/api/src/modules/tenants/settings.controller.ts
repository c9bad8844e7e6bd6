import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, requireUser, type RequestContext } from '../../common/auth/request-context';
import { RecentAuthenticationRequiredException } from '../../common/auth/recent-authentication-required.exception';
import { Problems } from '../../common/problem/problems.decorator';
import { SettingsDto } from './dto/settings.dto';
import { UpdateSettingsDto } from './dto/update-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@ApiBearerAuth('bearer')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  /** The workspace's settings; any signed-in staff member may read them. */
  @Get()
  @Authenticated({ staffOnly: true })
  get(@Ctx() ctx: RequestContext): Promise<SettingsDto> {
    return this.settings.get(requireUser(ctx));
  }

  /** Changes the fields sent (staff, or an API key with the settings:manage scope) and answers the settings as they now are. */
  @Patch()
  @ApiSecurity('apiKey')
  @Authenticated({ permission: 'settings:manage' })
  @Problems(RecentAuthenticationRequiredException)
  update(@Body() dto: UpdateSettingsDto, @Ctx() ctx: RequestContext): Promise<SettingsDto> {
    return this.settings.update(requirePrincipal(ctx), dto);
  }
}
