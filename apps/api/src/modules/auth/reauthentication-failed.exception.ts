import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// One answer for a wrong password or a wrong code, so a stolen session cannot test passwords one by one.
export class ReauthenticationFailedException extends ProblemException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'reauthentication_failed', 'Password or code incorrect', {
      detail: 'The password or the code is incorrect.',
    });
  }
}
