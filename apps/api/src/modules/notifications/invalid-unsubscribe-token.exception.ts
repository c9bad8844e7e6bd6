import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class InvalidUnsubscribeTokenException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_unsubscribe_token';

  constructor() {
    super(InvalidUnsubscribeTokenException.status, InvalidUnsubscribeTokenException.code, 'Invalid unsubscribe link', {
      detail: 'The link is damaged or was not sent by this server; change the setting under Profile, Notifications instead.',
    });
  }
}
