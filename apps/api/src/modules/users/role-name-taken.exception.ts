import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class RoleNameTakenException extends ProblemException {
  constructor(name: string) {
    super(HttpStatus.CONFLICT, 'role_name_taken', 'Role name taken', {
      detail: `This workspace already has a role named "${name}".`,
      errors: [{ field: 'name', message: 'is already used by another role' }],
    });
  }
}
