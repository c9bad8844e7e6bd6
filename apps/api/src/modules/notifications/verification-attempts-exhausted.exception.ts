import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class VerificationAttemptsExhaustedException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'verification_attempts_exhausted';

  constructor() {
    super(VerificationAttemptsExhaustedException.status, VerificationAttemptsExhaustedException.code, 'Too many wrong codes', {
      detail: 'This code was tried 5 times; ask for a new one.',
    });
  }
}
