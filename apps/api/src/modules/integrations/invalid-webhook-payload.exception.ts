import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Authentic but unusable (malformed form or JSON, missing fields): recorded as `dead` with the reason.
export class InvalidWebhookPayloadException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_webhook_payload';

  constructor(reason: string) {
    super(InvalidWebhookPayloadException.status, InvalidWebhookPayloadException.code, 'The webhook body cannot be used', { detail: reason });
  }
}
