import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { RecentAuthenticationRequiredException } from '../../common/auth/recent-authentication-required.exception';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { Problems } from '../../common/problem/problems.decorator';
import { GrantNotAllowedException } from '../users/grant-not-allowed.exception';
import { SsoSettingsDto } from './dto/sso-settings.dto';
import { SsoTestResultDto } from './dto/sso-test-result.dto';
import { SsoTestStartDto } from './dto/sso-test-start.dto';
import { UpdateSsoSettingsDto } from './dto/update-sso-settings.dto';
import { ClientSecretRequiredException, InsecureIssuerException, SsoNotConfiguredException, UnknownRoleException } from './sso.exceptions';
import { SsoService } from './sso.service';

// Staff only: how a workspace signs in is changed by a person who just proved who they are, never by a key.
@ApiTags('settings')
@ApiBearerAuth('bearer')
@Controller('settings/sso')
export class SsoSettingsController {
  constructor(private readonly sso: SsoService) {}

  /** The workspace's single sign-on (the client secret is never returned). */
  @Get()
  @Authenticated({ permission: 'settings:manage', staffOnly: true })
  get(@Ctx() ctx: RequestContext): Promise<SsoSettingsDto> {
    return this.sso.getSettings(requireUser(ctx));
  }

  /** Sets up or changes single sign-on. Needs a recent sign-in. */
  @Put()
  @Authenticated({ permission: 'settings:manage', staffOnly: true })
  @Problems(RecentAuthenticationRequiredException, InsecureIssuerException, ClientSecretRequiredException, UnknownRoleException, GrantNotAllowedException)
  update(@Body() dto: UpdateSsoSettingsDto, @Ctx() ctx: RequestContext): Promise<SsoSettingsDto> {
    return this.sso.saveSettings(requireUser(ctx), dto);
  }

  /** Removes single sign-on; everyone signs in with a password again. Needs a recent sign-in. */
  @Delete()
  @HttpCode(204)
  @Authenticated({ permission: 'settings:manage', staffOnly: true })
  @Problems(RecentAuthenticationRequiredException, HTTP_PROBLEMS.notFound)
  remove(@Ctx() ctx: RequestContext): Promise<void> {
    return this.sso.removeSettings(requireUser(ctx));
  }

  /** Starts a test sign-in: open `url` in a popup; no session is created, the claims are kept for you. */
  @Post('test')
  @Authenticated({ permission: 'settings:manage', staffOnly: true })
  @Problems(SsoNotConfiguredException)
  startTest(@Ctx() ctx: RequestContext): Promise<SsoTestStartDto> {
    return this.sso.startTest(requireUser(ctx));
  }

  /** The result of a test sign-in you started. */
  @Get('test/:id')
  @Authenticated({ permission: 'settings:manage', staffOnly: true })
  @Problems(HTTP_PROBLEMS.notFound)
  testResult(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<SsoTestResultDto> {
    return this.sso.testResult(requireUser(ctx), id);
  }
}
