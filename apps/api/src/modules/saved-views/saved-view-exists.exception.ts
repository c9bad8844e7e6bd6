import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SavedViewExistsException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'saved_view_exists';

  constructor(name: string) {
    super(SavedViewExistsException.status, SavedViewExistsException.code, 'Saved view exists', {
      detail: `You already have a saved view named "${name}".`,
      errors: [{ field: 'name', message: 'is already used by another of your views' }],
    });
  }
}
