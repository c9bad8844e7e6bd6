import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class CrossOriginRefusedException extends ProblemException {
  constructor() {
    super(HttpStatus.FORBIDDEN, 'cross_origin_refused', 'Request from another site', {
      detail: 'This endpoint answers only the Hot Leads app itself: send a matching Origin header.',
    });
  }
}
