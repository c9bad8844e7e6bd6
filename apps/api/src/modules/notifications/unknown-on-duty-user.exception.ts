import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class UnknownOnDutyUserException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'unknown_user';

  constructor() {
    super(UnknownOnDutyUserException.status, UnknownOnDutyUserException.code, 'Unknown user', {
      detail: 'Every on-duty user must be an active user of this workspace.',
      errors: [{ field: 'onDutyUserIds', message: 'names a user who is not an active member of this workspace' }],
    });
  }
}
