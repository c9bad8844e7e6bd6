import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SmsNumberRefusedException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'phone_number_refused';

  constructor(reason: string) {
    super(SmsNumberRefusedException.status, SmsNumberRefusedException.code, 'The number cannot take text messages', {
      detail: `Twilio refused to text this number: ${reason}`,
      errors: [{ field: 'phone', message: 'cannot take text messages' }],
    });
  }
}
