import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SmsSendFailedException extends ProblemException {
  static readonly status = HttpStatus.BAD_GATEWAY;
  static readonly code = 'sms_send_failed';

  constructor(reason: string) {
    super(SmsSendFailedException.status, SmsSendFailedException.code, 'The code could not be sent', {
      detail: `Twilio did not take the message (${reason}); try again in a moment.`,
    });
  }
}
