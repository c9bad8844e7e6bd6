import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { appConfig, type AppConfig } from '../../config/app.config';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { AuthService, type LoginOutcome } from './auth.service';
import { LoginResponseDto } from './dto/login-response.dto';
import { LoginDto } from './dto/login.dto';
import { MeResponseDto } from './dto/me-response.dto';
import { MfaVerifyDto } from './dto/mfa-verify.dto';
import { RevokedCountDto } from './dto/revoked-count.dto';
import { SessionDto } from './dto/session.dto';
import { ValidateResponseDto } from './dto/validate-response.dto';
import { clearRefreshCookie, REFRESH_COOKIE_CLEARED, REFRESH_COOKIE_SET, refreshCookieOf, setRefreshCookie } from './refresh-cookie';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { InvalidCredentialsException, UnauthenticatedException } from '../../common/auth/auth.exceptions';
import { SsoRequiredException } from '../../common/auth/sso-password-rule';
import { Problems } from '../../common/problem/problems.decorator';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { SameOriginGuard } from './same-origin.guard';
import { InvalidMfaCodeException } from './invalid-mfa-code.exception';
import { CrossOriginRefusedException } from './cross-origin-refused.exception';
import { IpNotAllowedException } from '../access/ip-not-allowed.exception';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly secureCookies: boolean;

  constructor(
    private readonly auth: AuthService,
    @Inject(appConfig.KEY) app: AppConfig,
  ) {
    this.secureCookies = app.NODE_ENV === 'production';
  }

  private send(reply: FastifyReply, outcome: LoginOutcome): LoginResponseDto {
    if (outcome.refresh) setRefreshCookie(reply, outcome.refresh, this.secureCookies);
    return outcome.body;
  }

  /** Sign in with email and password. Answers a session, or the MFA step that comes next. */
  @Post('login')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @Problems(InvalidCredentialsException, IpNotAllowedException, SsoRequiredException)
  @ApiOkResponse({ type: LoginResponseDto, headers: REFRESH_COOKIE_SET })
  async login(@Body() dto: LoginDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponseDto> {
    return this.send(reply, await this.auth.login(dto.email, dto.password, ctx));
  }

  /** Second step of sign-in: a TOTP code or a recovery code. */
  @Post('mfa/verify')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @Problems(InvalidCredentialsException, UnauthenticatedException, InvalidMfaCodeException.atSignIn, IpNotAllowedException)
  @ApiOkResponse({ type: LoginResponseDto, headers: REFRESH_COOKIE_SET })
  async verifyMfa(@Body() dto: MfaVerifyDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponseDto> {
    return this.send(reply, await this.auth.verifyMfa(dto.mfaToken, dto.code, ctx));
  }

  /** New access token for the refresh cookie; the cookie is rotated. */
  @Post('refresh')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @Problems(UnauthenticatedException, CrossOriginRefusedException, IpNotAllowedException)
  @ApiOkResponse({ type: LoginResponseDto, headers: REFRESH_COOKIE_SET })
  @ApiResponse({ status: 401, description: 'The refresh cookie is missing, expired or was already used.', headers: REFRESH_COOKIE_CLEARED })
  @ApiResponse({ status: 403, description: "Another site's page, or an address outside the workspace's staff allowlist (then the cookie is cleared).", headers: REFRESH_COOKIE_CLEARED })
  @UseGuards(SameOriginGuard)
  async refresh(@Req() request: FastifyRequest, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponseDto> {
    try {
      return this.send(reply, await this.auth.refresh(refreshCookieOf(request), ctx));
    } catch (error) {
      clearRefreshCookie(reply, this.secureCookies);
      throw error;
    }
  }

  /** Ends this session: its access token and refresh token stop working at once. */
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  @ApiNoContentResponse({ headers: REFRESH_COOKIE_CLEARED })
  @UseGuards(SameOriginGuard)
  @Problems(CrossOriginRefusedException)
  async logout(@Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(requireUser(ctx));
    clearRefreshCookie(reply, this.secureCookies);
  }

  /** The signed-in user, role, permissions and workspace. */
  @Get('me')
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  me(@Ctx() ctx: RequestContext): Promise<MeResponseDto> {
    return this.auth.me(requireUser(ctx));
  }

  /** Whether the access token is valid, and until when. */
  @Get('validate')
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  validate(@Ctx() ctx: RequestContext): ValidateResponseDto {
    return { valid: true, expiresAt: requireUser(ctx).principal.tokenExpiresAt };
  }

  /** The signed-in user's active sessions. */
  @Get('sessions')
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  sessions(@Ctx() ctx: RequestContext): Promise<SessionDto[]> {
    return this.auth.listSessions(requireUser(ctx));
  }

  /** Signs out every other session of the signed-in user. */
  @Post('sessions/revoke-others')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  async revokeOthers(@Ctx() ctx: RequestContext): Promise<RevokedCountDto> {
    return { revoked: await this.auth.revokeOtherSessions(requireUser(ctx)) };
  }

  /** Signs out one of the signed-in user's sessions. */
  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  @Problems(HTTP_PROBLEMS.notFound)
  revokeSession(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.auth.revokeOwnSession(requireUser(ctx), id);
  }
}
