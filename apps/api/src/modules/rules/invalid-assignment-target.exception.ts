import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// A rule that names a user who is not (or no longer) an account of the workspace, or a bad time zone.
export class InvalidAssignmentTargetException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'invalid_assignment_target';

  constructor(field: string, message: string) {
    super(InvalidAssignmentTargetException.status, InvalidAssignmentTargetException.code, 'The assignment rule is invalid', {
      detail: `${field}: ${message}`,
      errors: [{ field, message }],
    });
  }
}
