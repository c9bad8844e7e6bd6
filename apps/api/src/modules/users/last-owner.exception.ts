import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class LastOwnerException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'last_owner';

  constructor() {
    super(LastOwnerException.status, LastOwnerException.code, 'Last owner', {
      detail: 'The workspace needs at least one active owner: make another user an owner first.',
    });
  }
}
