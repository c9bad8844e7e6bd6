import { Body, Controller, HttpCode, Inject, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { appConfig, type AppConfig } from '../../config/app.config';
import { AccountService } from './account.service';
import { credentialOf } from '../../common/auth/credential';
import { SsoRequiredException } from '../../common/auth/sso-password-rule';
import { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { AcceptedDto } from './dto/accepted.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { ReauthenticateDto } from './dto/reauthenticate.dto';
import { ForgotPasswordDto } from './dto/forgot-password.dto';
import { LoginResponseDto } from './dto/login-response.dto';
import { MeResponseDto } from './dto/me-response.dto';
import { MfaDisableDto } from './dto/mfa-disable.dto';
import { MfaEnableResponseDto } from './dto/mfa-enable-response.dto';
import { MfaEnableDto } from './dto/mfa-enable.dto';
import { MfaSetupResponseDto } from './dto/mfa-setup-response.dto';
import { MfaSetupDto } from './dto/mfa-setup.dto';
import { RecoveryCodesDto } from './dto/recovery-codes.dto';
import { RegenerateRecoveryCodesDto } from './dto/regenerate-recovery-codes.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { SignupDto } from './dto/signup.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UpdateAvailabilityDto } from './dto/update-availability.dto';
import { MfaService } from './mfa.service';
import { REFRESH_COOKIE_SET, setRefreshCookie } from './refresh-cookie';
import { SignupApexOnlyException } from './signup-apex-only.exception';
import { SignupEnabledGuard } from './signup-enabled.guard';
import type { IssuedSession } from './sessions.service';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { InvalidMfaCodeException } from './invalid-mfa-code.exception';
import { InvalidTokenException } from './invalid-token.exception';
import { MfaAlreadyEnabledException } from './mfa-already-enabled.exception';
import { MfaNotEnabledException } from './mfa-not-enabled.exception';
import { MfaRequiredByWorkspaceException } from './mfa-required-by-workspace.exception';
import { ReauthenticationFailedException } from './reauthentication-failed.exception';
import { UnauthenticatedException } from '../../common/auth/auth.exceptions';
import { Problems } from '../../common/problem/problems.decorator';
import { AddressHasAccountException } from './address-has-account.exception';

// The bearer token of a request on a public route (the guard resolves none there); API keys do not count.
const bearerOf = (request: FastifyRequest) => {
  const credential = credentialOf(request);
  return credential?.kind === 'bearer' ? credential.value : undefined;
};

// Everything that verifies a password, a code or an emailed token draws from the `login` rate budget.
@ApiTags('auth')
@Controller('auth')
export class AccountController {
  private readonly secureCookies: boolean;

  constructor(
    private readonly account: AccountService,
    private readonly mfa: MfaService,
    @Inject(appConfig.KEY) app: AppConfig,
  ) {
    this.secureCookies = app.NODE_ENV === 'production';
  }

  private send<T>(reply: FastifyReply, outcome: { body: T; refresh?: IssuedSession }): T {
    if (outcome.refresh) setRefreshCookie(reply, outcome.refresh, this.secureCookies);
    return outcome.body;
  }

  /** Changes the signed-in user's own profile (the display name); answers like GET /auth/me. */
  @Patch('me')
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  updateProfile(@Body() dto: UpdateProfileDto, @Ctx() ctx: RequestContext): Promise<MeResponseDto> {
    return this.account.updateProfile(requireUser(ctx), dto);
  }

  /** Marks the signed-in user away (assignment rules skip them) or back; answers like GET /auth/me. */
  @Patch('me/availability')
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  updateAvailability(@Body() dto: UpdateAvailabilityDto, @Ctx() ctx: RequestContext): Promise<MeResponseDto> {
    return this.account.updateAvailability(requireUser(ctx), dto);
  }

  /** Changes the signed-in user's password; every other session of the user is signed out. */
  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  @RateLimit('login')
  changePassword(@Body() dto: ChangePasswordDto, @Ctx() ctx: RequestContext): Promise<void> {
    return this.account.changePassword(requireUser(ctx), dto);
  }

  /** Confirms the password again; changes to authentication settings need this within the last 15 minutes. */
  @Post('reauthenticate')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  @RateLimit('login')
  @Problems(ReauthenticationFailedException)
  reauthenticate(@Body() dto: ReauthenticateDto, @Ctx() ctx: RequestContext): Promise<void> {
    return this.account.reauthenticate(requireUser(ctx), dto.password);
  }

  /** Emails a password-reset link when the address belongs to an active account. Always answers 202. */
  @Post('password/forgot')
  @HttpCode(202)
  @Public()
  @RateLimit('login')
  async forgotPassword(@Body() dto: ForgotPasswordDto, @Ctx() ctx: RequestContext): Promise<AcceptedDto> {
    await this.account.requestPasswordReset(dto.email, ctx);
    return { accepted: true };
  }

  /** Sets a new password with the emailed token and signs out every session. Does not sign in. */
  @Post('password/reset')
  @HttpCode(204)
  @Public()
  @RateLimit('login')
  @Problems(InvalidTokenException)
  resetPassword(@Body() dto: ResetPasswordDto, @Ctx() ctx: RequestContext): Promise<void> {
    return this.account.resetPassword(dto.token, dto.newPassword, ctx);
  }

  /** Accepts an invitation: sets name and password, then answers like a sign-in. */
  @Post('invitations/accept')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @Problems(InvalidTokenException, AddressHasAccountException, SsoRequiredException)
  @ApiOkResponse({ type: LoginResponseDto, headers: REFRESH_COOKIE_SET })
  async acceptInvitation(@Body() dto: AcceptInvitationDto, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponseDto> {
    return this.send(reply, await this.account.acceptInvitation(dto, ctx));
  }

  /**
   * Creates a workspace with its owner, who then signs in; the address gets an email either way. Always
   * answers 202, also when the address already has an account (that owner is emailed instead), so sign-up
   * reveals no membership. Exists only when ALLOW_SIGNUP is on, and with BASE_DOMAIN set only on the apex host.
   */
  @Post('signup')
  @HttpCode(202)
  @Public()
  @RateLimit('login')
  @UseGuards(SignupEnabledGuard)
  @Problems(HTTP_PROBLEMS.notFound, SignupApexOnlyException)
  @ApiAcceptedResponse({ type: AcceptedDto })
  async signup(@Body() dto: SignupDto, @Ctx() ctx: RequestContext): Promise<AcceptedDto> {
    await this.account.signup(dto, ctx);
    return { accepted: true };
  }

  /** Starts TOTP enrolment. Authenticate with a bearer token, or send the mfaToken of a sign-in that answered `mfaEnrollmentRequired`. */
  @Post('mfa/setup')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @Public()
  @RateLimit('login')
  @Problems(MfaAlreadyEnabledException, UnauthenticatedException)
  setupMfa(@Body() dto: MfaSetupDto, @Req() request: FastifyRequest, @Ctx() ctx: RequestContext): Promise<MfaSetupResponseDto> {
    return this.mfa.setup({ accessToken: bearerOf(request), mfaToken: dto.mfaToken }, ctx);
  }

  /** Confirms enrolment with a code; answers the recovery codes (and, with an mfaToken, the new session). */
  @Post('mfa/enable')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @Public()
  @RateLimit('login')
  @Problems(InvalidMfaCodeException, MfaAlreadyEnabledException, UnauthenticatedException)
  @ApiOkResponse({ type: MfaEnableResponseDto, headers: REFRESH_COOKIE_SET })
  async enableMfa(
    @Body() dto: MfaEnableDto,
    @Req() request: FastifyRequest,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MfaEnableResponseDto> {
    return this.send(reply, await this.mfa.enable({ accessToken: bearerOf(request), mfaToken: dto.mfaToken }, dto.code, ctx));
  }

  /** Turns MFA off; needs the password and a code. Refused when the workspace requires MFA. */
  @Post('mfa/disable')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  @RateLimit('login')
  @Problems(MfaNotEnabledException, MfaRequiredByWorkspaceException, ReauthenticationFailedException)
  disableMfa(@Body() dto: MfaDisableDto, @Ctx() ctx: RequestContext): Promise<void> {
    return this.mfa.disable(requireUser(ctx), dto.password, dto.code);
  }

  /** Replaces all recovery codes with new ones; needs a TOTP code. */
  @Post('mfa/recovery-codes')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @Authenticated({ staffOnly: true })
  @RateLimit('login')
  @Problems(InvalidMfaCodeException, MfaNotEnabledException)
  regenerateRecoveryCodes(@Body() dto: RegenerateRecoveryCodesDto, @Ctx() ctx: RequestContext): Promise<RecoveryCodesDto> {
    return this.mfa.regenerateRecoveryCodes(requireUser(ctx), dto.code);
  }
}
