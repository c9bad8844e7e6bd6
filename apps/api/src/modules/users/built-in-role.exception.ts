import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Built-in roles take their permissions from @hotleads/shared, so editing the row would change nothing.
export class BuiltInRoleException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'built_in_role';

  constructor() {
    super(BuiltInRoleException.status, BuiltInRoleException.code, 'Built-in role', {
      detail: 'Built-in roles cannot be changed or deleted; create a custom role instead.',
    });
  }
}
