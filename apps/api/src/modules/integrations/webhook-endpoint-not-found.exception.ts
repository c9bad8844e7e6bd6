import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// One answer for an unknown, deleted or disabled connection, so a prober learns nothing from it.
export class WebhookEndpointNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'webhook_endpoint_not_found';

  constructor() {
    super(WebhookEndpointNotFoundException.status, WebhookEndpointNotFoundException.code, 'No such webhook endpoint', { detail: 'No webhook endpoint answers at this address' });
  }
}
