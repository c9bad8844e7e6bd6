import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class DeliveryNotReplayableException extends ProblemException {
  constructor(reason: string) {
    super(HttpStatus.CONFLICT, 'delivery_not_replayable', 'This delivery cannot be replayed', { detail: reason });
  }
}
