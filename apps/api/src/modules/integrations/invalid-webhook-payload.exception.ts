import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Authentic but unusable (malformed form or JSON, missing fields): recorded as `dead` with the reason.
export class InvalidWebhookPayloadException extends ProblemException {
  constructor(reason: string) {
    super(HttpStatus.BAD_REQUEST, 'invalid_webhook_payload', 'The webhook body cannot be used', { detail: reason });
  }
}
