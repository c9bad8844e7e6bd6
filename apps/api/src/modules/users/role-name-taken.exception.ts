import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class RoleNameTakenException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'role_name_taken';

  constructor(name: string) {
    super(RoleNameTakenException.status, RoleNameTakenException.code, 'Role name taken', {
      detail: `This workspace already has a role named "${name}".`,
      errors: [{ field: 'name', message: 'is already used by another role' }],
    });
  }
}
