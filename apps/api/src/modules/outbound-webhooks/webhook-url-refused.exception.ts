import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class WebhookUrlRefusedException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'webhook_url_refused';

  constructor(reason: string) {
    super(WebhookUrlRefusedException.status, WebhookUrlRefusedException.code, 'This webhook URL is not allowed', {
      detail: `The URL ${reason}.`,
      errors: [{ field: 'url', message: reason }],
    });
  }
}
