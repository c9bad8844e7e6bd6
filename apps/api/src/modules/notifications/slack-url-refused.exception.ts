import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SlackUrlRefusedException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'slack_url_refused';

  constructor(reason: string) {
    super(SlackUrlRefusedException.status, SlackUrlRefusedException.code, 'This Slack webhook URL is not allowed', {
      detail: `The URL ${reason}.`,
      errors: [{ field: 'url', message: reason }],
    });
  }
}
