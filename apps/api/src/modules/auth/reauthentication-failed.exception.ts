import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// One answer for a wrong password or a wrong code, so a stolen session cannot test passwords one by one.
export class ReauthenticationFailedException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'reauthentication_failed';

  constructor() {
    super(ReauthenticationFailedException.status, ReauthenticationFailedException.code, 'Password or code incorrect', {
      detail: 'The password or the code is incorrect.',
    });
  }
}
