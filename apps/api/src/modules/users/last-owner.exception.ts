import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class LastOwnerException extends ProblemException {
  constructor() {
    super(HttpStatus.CONFLICT, 'last_owner', 'Last owner', {
      detail: 'The workspace needs at least one active owner: make another user an owner first.',
    });
  }
}
