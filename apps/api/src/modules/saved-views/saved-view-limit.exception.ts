import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SavedViewLimitException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'saved_view_limit';

  constructor(limit: number) {
    super(SavedViewLimitException.status, SavedViewLimitException.code, 'Too many saved views', {
      detail: `You can keep at most ${limit} saved views; delete one first.`,
      extensions: { limit },
    });
  }
}
