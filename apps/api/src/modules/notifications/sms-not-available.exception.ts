import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SmsNotAvailableException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'sms_not_available';

  constructor() {
    super(SmsNotAvailableException.status, SmsNotAvailableException.code, 'Text messages are not set up', {
      detail: 'This workspace has no active Twilio (SMS) connection; an admin can add one under Integrations.',
    });
  }
}
