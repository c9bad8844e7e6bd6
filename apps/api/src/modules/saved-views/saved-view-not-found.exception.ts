import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Also for another user's view: whose views exist is nobody else's business.
export class SavedViewNotFoundException extends ProblemException {
  constructor() {
    super(HttpStatus.NOT_FOUND, 'saved_view_not_found', 'Saved view not found', { detail: 'You have no saved view with this id.' });
  }
}
