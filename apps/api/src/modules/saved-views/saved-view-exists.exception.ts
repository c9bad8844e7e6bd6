import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SavedViewExistsException extends ProblemException {
  constructor(name: string) {
    super(HttpStatus.CONFLICT, 'saved_view_exists', 'Saved view exists', {
      detail: `You already have a saved view named "${name}".`,
      errors: [{ field: 'name', message: 'is already used by another of your views' }],
    });
  }
}
