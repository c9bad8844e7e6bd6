import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class DeliveryNotReplayableException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'delivery_not_replayable';

  constructor(reason: string) {
    super(DeliveryNotReplayableException.status, DeliveryNotReplayableException.code, 'This delivery cannot be replayed', { detail: reason });
  }
}
