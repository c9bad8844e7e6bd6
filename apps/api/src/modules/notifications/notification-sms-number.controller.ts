import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { Problems } from '../../common/problem/problems.decorator';
import { RateLimitedException } from '../../common/rate-limit/rate-limited.exception';
import { SmsNumberDto, StartSmsVerificationDto, VerifySmsNumberDto } from './dto/sms-number.dto';
import { NotificationSmsNumberService } from './notification-sms-number.service';
import { SmsNotAvailableException } from './sms-not-available.exception';
import { SmsNumberRefusedException } from './sms-number-refused.exception';
import { SmsSendFailedException } from './sms-send-failed.exception';
import { VerificationAttemptsExhaustedException } from './verification-attempts-exhausted.exception';
import { VerificationCodeExpiredException } from './verification-code-expired.exception';
import { WrongVerificationCodeException } from './wrong-verification-code.exception';

// The caller's own number for text messages; nobody else's can be read or set.
@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('me/sms-number')
@Authenticated({ permission: 'leads:read', staffOnly: true })
export class NotificationSmsNumberController {
  constructor(private readonly numbers: NotificationSmsNumberService) {}

  /** The number, whether it is verified, and whether the workspace can send text messages at all. */
  @Get()
  get(@Ctx() ctx: RequestContext): Promise<SmsNumberDto> {
    return this.numbers.get(requireUser(ctx));
  }

  /** Sets the number (unverified) and texts it a 6-digit code valid for 10 minutes. One code a minute, five an hour. */
  @Post()
  @HttpCode(HttpStatus.OK)
  @Problems(SmsNotAvailableException, SmsNumberRefusedException, SmsSendFailedException, RateLimitedException)
  start(@Body() dto: StartSmsVerificationDto, @Ctx() ctx: RequestContext): Promise<SmsNumberDto> {
    return this.numbers.start(requireUser(ctx), dto.phone);
  }

  /** Checks the code; five wrong tries void it. */
  @Post('verify')
  @HttpCode(HttpStatus.OK)
  @Problems(WrongVerificationCodeException, VerificationCodeExpiredException, VerificationAttemptsExhaustedException)
  verify(@Body() dto: VerifySmsNumberDto, @Ctx() ctx: RequestContext): Promise<SmsNumberDto> {
    return this.numbers.verify(requireUser(ctx), dto.code);
  }

  /** Removes the number: no more text messages. */
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@Ctx() ctx: RequestContext): Promise<void> {
    return this.numbers.remove(requireUser(ctx));
  }
}
