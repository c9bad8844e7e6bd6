import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Also for another user's view: whose views exist is nobody else's business.
export class SavedViewNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'saved_view_not_found';

  constructor() {
    super(SavedViewNotFoundException.status, SavedViewNotFoundException.code, 'Saved view not found', { detail: 'You have no saved view with this id.' });
  }
}
