import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class ScoringRuleNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'scoring_rule_not_found';

  constructor() {
    super(ScoringRuleNotFoundException.status, ScoringRuleNotFoundException.code, 'Scoring rule not found');
  }
}
