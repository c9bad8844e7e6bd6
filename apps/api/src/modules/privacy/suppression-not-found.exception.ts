import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SuppressionNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'suppression_not_found';

  constructor() {
    super(SuppressionNotFoundException.status, SuppressionNotFoundException.code, 'Suppression not found', { detail: 'The workspace has no suppression with this id.' });
  }
}
