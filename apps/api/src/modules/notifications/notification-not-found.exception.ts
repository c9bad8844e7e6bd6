import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Also for someone else's notification.
export class NotificationNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'notification_not_found';

  constructor() {
    super(NotificationNotFoundException.status, NotificationNotFoundException.code, 'Notification not found', { detail: 'You have no notification with this id.' });
  }
}
