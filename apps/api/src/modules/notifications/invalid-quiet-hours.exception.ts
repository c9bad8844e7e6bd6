import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class InvalidQuietHoursException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_quiet_hours';

  constructor() {
    super(InvalidQuietHoursException.status, InvalidQuietHoursException.code, 'Invalid quiet hours', {
      detail: 'Quiet hours need a start and an end that differ, or neither.',
      errors: [{ field: 'quietEnd', message: 'must be set together with quietStart and differ from it' }],
    });
  }
}
