import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class AssignmentRuleNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'assignment_rule_not_found';

  constructor() {
    super(AssignmentRuleNotFoundException.status, AssignmentRuleNotFoundException.code, 'Assignment rule not found');
  }
}
