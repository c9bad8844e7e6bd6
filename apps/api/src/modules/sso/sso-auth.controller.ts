import { Controller, Get, HttpStatus, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import '../../common/http/workspace-host';
import { Public } from '../../common/auth/access.decorator';
import { Ctx, type RequestContext } from '../../common/auth/request-context';
import { Problems } from '../../common/problem/problems.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { appConfig, type AppConfig } from '../../config/app.config';
import { REFRESH_COOKIE_SET, setRefreshCookie } from '../auth/refresh-cookie';
import { SsoHostOfferDto } from './dto/sso-host-offer.dto';
import { SsoWorkspaceDto } from './dto/sso-workspace.dto';
import { SsoService } from './sso.service';
import { SsoNotConfiguredException } from './sso.exceptions';

const LOCATION = { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } };

// A test sign-in ends in the popup; the settings screen reads the result from the API.
const TEST_DONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test sign-in finished</title></head>
<body style="font-family:system-ui,sans-serif;margin:2rem"><main><h1>Test sign-in finished</h1>
<p>The result is shown on the Single sign-on settings page. You can close this window.</p></main></body></html>`;

// Single sign-on as the browser sees it: the sign-in page asks what a workspace offers, the button goes to
// `start` (a redirect to the identity provider), and the provider sends the browser back to `callback`,
// which sets the same refresh cookie as a password sign-in and sends it on to the app.
@ApiTags('auth')
@Controller('auth/sso')
@Public()
export class SsoAuthController {
  private readonly secureCookies: boolean;

  constructor(
    private readonly sso: SsoService,
    @Inject(appConfig.KEY) app: AppConfig,
  ) {
    this.secureCookies = app.NODE_ENV === 'production';
  }

  /** On a workspace's own host (BASE_DOMAIN): the provider its sign-in page offers, without a `?workspace=` link. */
  @Get('by-host')
  @RateLimit('login')
  @ApiOkResponse({ type: SsoHostOfferDto })
  async byHost(@Req() request: FastifyRequest): Promise<SsoHostOfferDto> {
    return { offer: request.workspaceHost ? await this.sso.offer(request.workspaceHost.tenantId) : null };
  }

  /** The provider the sign-in page offers for a workspace ("Sign in with <providerName>"). */
  @Get(':workspace')
  @RateLimit('login')
  @ApiOkResponse({ type: SsoWorkspaceDto })
  @Problems(SsoNotConfiguredException)
  workspace(@Param('workspace') workspace: string): Promise<SsoWorkspaceDto> {
    return this.sso.workspace(workspace);
  }

  /** Starts a sign-in: redirects to the workspace's identity provider, or back to the sign-in page with `sso_error`. */
  @Get(':workspace/start')
  @RateLimit('login')
  @ApiResponse({ status: HttpStatus.FOUND, description: 'To the identity provider, or to `/sign-in?sso_error=...`.', headers: LOCATION })
  @Problems(SsoNotConfiguredException)
  async start(@Param('workspace') workspace: string, @Res() reply: FastifyReply): Promise<void> {
    const started = await this.sso.start(workspace);
    // The sign-in page offers the button only where single sign-on is on: anything else names nothing.
    if ('error' in started && started.error === 'not_configured') throw new SsoNotConfiguredException();
    if ('url' in started) return void (await reply.redirect(started.url, HttpStatus.FOUND));
    await reply.redirect(`/sign-in?sso_error=${started.error}`, HttpStatus.FOUND);
  }

  /** Where the identity provider sends the browser back (the redirect URI to register there). */
  @Get('callback')
  @RateLimit('login')
  @ApiResponse({ status: HttpStatus.FOUND, description: 'Signed in (refresh cookie set): to `/sign-in?sso=signed-in`; refused: to `/sign-in?sso_error=<code>`.', headers: { ...LOCATION, ...REFRESH_COOKIE_SET } })
  @ApiResponse({ status: HttpStatus.OK, description: 'The end of a test sign-in: a page saying the popup may close.', content: { 'text/html': { schema: { type: 'string' } } } })
  async callback(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext, @Res() reply: FastifyReply): Promise<void> {
    const outcome = await this.sso.callback(query, ctx);
    if (outcome.kind === 'tested') {
      await reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(TEST_DONE_PAGE);
      return;
    }
    if (outcome.kind === 'signed_in') {
      setRefreshCookie(reply, outcome.session, this.secureCookies);
      await reply.redirect('/sign-in?sso=signed-in', HttpStatus.FOUND);
      return;
    }
    const workspace = outcome.workspaceId ? `&workspace=${outcome.workspaceId}` : '';
    await reply.redirect(`/sign-in?sso_error=${outcome.error}${workspace}`, HttpStatus.FOUND);
  }
}
