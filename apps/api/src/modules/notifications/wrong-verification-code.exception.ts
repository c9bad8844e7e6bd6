import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class WrongVerificationCodeException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'wrong_verification_code';

  constructor(attemptsLeft: number) {
    super(WrongVerificationCodeException.status, WrongVerificationCodeException.code, 'Wrong code', {
      detail: attemptsLeft > 0 ? `That is not the code we sent; ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left.` : 'That is not the code we sent, and it was the last try; ask for a new code.',
      errors: [{ field: 'code', message: 'is not the code we sent' }],
      extensions: { attemptsLeft },
    });
  }
}
