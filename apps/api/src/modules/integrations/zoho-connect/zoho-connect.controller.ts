import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../../common/auth/request-context';
import { HTTP_PROBLEMS } from '../../../common/problem/problem-kind';
import { Problems } from '../../../common/problem/problems.decorator';
import { RateLimit } from '../../../common/rate-limit/rate-limit.decorator';
import { appConfig, type AppConfig } from '../../../config/app.config';
import { StartZohoAuthorizationDto } from './dto/start-zoho-authorization.dto';
import { ZohoAuthorizationUrlDto } from './dto/zoho-authorization-url.dto';
import { ZohoOAuthInfoDto } from './dto/zoho-oauth-info.dto';
import { ZohoClientRequiredException } from './zoho-client-required.exception';
import { ZohoConnectUnavailableException } from './zoho-connect-unavailable.exception';
import { ZOHO_CALLBACK_PATH, ZohoConnectService } from './zoho-connect.service';

const BROWSER_COOKIE = 'hl_zoho_connect';

// Connecting Zoho CRM through Zoho's sign-in: `authorize` answers the URL to send the browser to, and
// Zoho sends it back to `callback`, which saves the connection and goes on to its page in the app.
@ApiTags('integrations')
@ApiBearerAuth('bearer')
@Controller('integrations/zoho')
@Authenticated({ permission: 'integrations:manage', staffOnly: true })
export class ZohoConnectController {
  private readonly secureCookies: boolean;
  private readonly cookieDomain: string | undefined;

  constructor(
    private readonly zoho: ZohoConnectService,
    @Inject(appConfig.KEY) app: AppConfig,
  ) {
    this.secureCookies = app.NODE_ENV === 'production';
    // With BASE_DOMAIN the flow starts on the workspace's host and comes back to PUBLIC_URL's: the
    // cookie is shared by the domain's hosts when PUBLIC_URL is one of them.
    const publicHost = app.PUBLIC_URL ? new URL(app.PUBLIC_URL).hostname : undefined;
    this.cookieDomain = app.BASE_DOMAIN && publicHost && (publicHost === app.BASE_DOMAIN || publicHost.endsWith(`.${app.BASE_DOMAIN}`)) ? app.BASE_DOMAIN : undefined;
  }

  /** Whether "Connect with Zoho" is available here, and the redirect URI to register for the Zoho client. */
  @Get('oauth')
  info(): ZohoOAuthInfoDto {
    return this.zoho.info();
  }

  /**
   * Starts connecting (or, with `connectionId`, reconnecting) Zoho CRM through Zoho's sign-in: answers Zoho's
   * authorization URL, valid 10 minutes, once, for this user in this browser (a cookie binds it).
   */
  @Post('authorize')
  @HttpCode(200)
  @ApiResponse({ status: HttpStatus.OK, type: ZohoAuthorizationUrlDto, headers: { 'Set-Cookie': { description: `\`${BROWSER_COOKIE}\`: binds the trip to this browser (HttpOnly, SameSite=Lax, Path=${ZOHO_CALLBACK_PATH}, 10 minutes).`, schema: { type: 'string' } } } })
  @Problems(HTTP_PROBLEMS.notFound, ZohoConnectUnavailableException, ZohoClientRequiredException)
  async authorize(@Body() dto: StartZohoAuthorizationDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<ZohoAuthorizationUrlDto> {
    const started = await this.zoho.authorize(requireUser(ctx), dto);
    // Lax: Zoho's redirect back is a top-level navigation from another site.
    reply.setCookie(BROWSER_COOKIE, started.browserToken, { httpOnly: true, secure: this.secureCookies, sameSite: 'lax', path: ZOHO_CALLBACK_PATH, maxAge: 600, domain: this.cookieDomain });
    return { url: started.url };
  }

  /** Where Zoho sends the browser back (the redirect URI to register). Goes on to the connection's page, or to the app with `zoho_error=<code>`. */
  @Get('callback')
  @Public()
  @RateLimit('login')
  @ApiResponse({ status: HttpStatus.FOUND, description: 'To `/integrations/{id}?zoho=connected`, or to `/integrations?zoho_error=<code>` (the connection page for a reconnect).', headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } }, 'Set-Cookie': { description: `Clears \`${BROWSER_COOKIE}\`.`, schema: { type: 'string' } } } })
  async callback(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply): Promise<void> {
    const location = await this.zoho.callback(query, request.cookies?.[BROWSER_COOKIE], ctx);
    reply.clearCookie(BROWSER_COOKIE, { path: ZOHO_CALLBACK_PATH, domain: this.cookieDomain });
    await reply.header('cache-control', 'no-store').redirect(location, HttpStatus.FOUND);
  }
}
