import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class CrossOriginRefusedException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'cross_origin_refused';

  constructor() {
    super(CrossOriginRefusedException.status, CrossOriginRefusedException.code, 'Request from another site', {
      detail: 'This endpoint answers only the Hot Leads app itself: send a matching Origin header.',
    });
  }
}
