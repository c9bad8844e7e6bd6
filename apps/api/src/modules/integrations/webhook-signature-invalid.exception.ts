import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';
import type { SignatureResult } from './integration-values';

const DETAIL: Record<Exclude<SignatureResult, 'valid'>, string> = {
  missing: 'The signature headers are missing',
  invalid: 'The signature does not match this endpoint',
  stale: 'The signed timestamp is more than 5 minutes away from now',
};

// The delivery was not authentic: recorded as `rejected`, nothing processed.
export class WebhookSignatureInvalidException extends ProblemException {
  static readonly status = HttpStatus.UNAUTHORIZED;
  static readonly code = 'invalid_webhook_signature';

  constructor(result: Exclude<SignatureResult, 'valid'>) {
    super(WebhookSignatureInvalidException.status, WebhookSignatureInvalidException.code, 'Webhook signature refused', { detail: DETAIL[result] });
  }
}
