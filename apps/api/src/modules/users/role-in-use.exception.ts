import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class RoleInUseException extends ProblemException {
  constructor(userCount: number) {
    super(HttpStatus.CONFLICT, 'role_in_use', 'Role in use', {
      detail: `${userCount} user(s) still have this role; give them another role first.`,
      extensions: { userCount },
    });
  }
}
