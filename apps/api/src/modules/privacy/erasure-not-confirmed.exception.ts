import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class ErasureNotConfirmedException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'erasure_not_confirmed';

  constructor() {
    super(ErasureNotConfirmedException.status, ErasureNotConfirmedException.code, 'Erasure not confirmed', {
      detail: 'Type the email (or, without one, the phone number) again in `confirm`, exactly as given.',
      errors: [{ field: 'confirm', message: 'must repeat the email or phone being erased' }],
    });
  }
}
