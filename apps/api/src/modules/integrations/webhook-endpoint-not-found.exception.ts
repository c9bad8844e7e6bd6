import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// One answer for an unknown, deleted or disabled connection, so a prober learns nothing from it.
export class WebhookEndpointNotFoundException extends ProblemException {
  constructor() {
    super(HttpStatus.NOT_FOUND, 'webhook_endpoint_not_found', 'No such webhook endpoint', { detail: 'No webhook endpoint answers at this address' });
  }
}
