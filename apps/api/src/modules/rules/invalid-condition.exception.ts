import { HttpStatus } from '@nestjs/common';
import type { ConditionError } from '@hotleads/shared';
import { ProblemException } from '../../common/problem/problem.exception';

// A rule condition the language does not accept; each error names its place in the condition.
export class InvalidConditionException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'invalid_condition';

  constructor(errors: ConditionError[]) {
    super(InvalidConditionException.status, InvalidConditionException.code, 'The rule condition is invalid', {
      detail: errors.length === 1 ? `${errors[0].path}: ${errors[0].message}` : `${errors.length} problems in the condition`,
      errors: errors.map((e) => ({ field: e.path, message: e.message })),
    });
  }
}
