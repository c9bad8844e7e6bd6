import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SavedViewLimitException extends ProblemException {
  constructor(limit: number) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'saved_view_limit', 'Too many saved views', {
      detail: `You can keep at most ${limit} saved views; delete one first.`,
      extensions: { limit },
    });
  }
}
