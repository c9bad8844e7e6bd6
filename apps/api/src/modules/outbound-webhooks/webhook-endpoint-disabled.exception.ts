import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class WebhookEndpointDisabledException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'webhook_endpoint_disabled';

  constructor() {
    super(WebhookEndpointDisabledException.status, WebhookEndpointDisabledException.code, 'This webhook endpoint is disabled', {
      detail: 'Enable the endpoint before retrying its deliveries.',
    });
  }
}
