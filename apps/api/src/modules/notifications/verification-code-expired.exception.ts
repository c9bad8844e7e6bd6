import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class VerificationCodeExpiredException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'verification_code_expired';

  constructor() {
    super(VerificationCodeExpiredException.status, VerificationCodeExpiredException.code, 'No code to check', {
      detail: 'There is no code waiting for this number, or it expired (codes last 10 minutes); ask for a new one.',
    });
  }
}
