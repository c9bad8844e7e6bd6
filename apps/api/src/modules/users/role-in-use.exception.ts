import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class RoleInUseException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'role_in_use';

  constructor(userCount: number) {
    super(RoleInUseException.status, RoleInUseException.code, 'Role in use', {
      detail: `${userCount} user(s) still have this role; give them another role first.`,
      extensions: { userCount },
    });
  }
}
