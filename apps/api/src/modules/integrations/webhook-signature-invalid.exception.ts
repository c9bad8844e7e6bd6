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
  constructor(result: Exclude<SignatureResult, 'valid'>) {
    super(HttpStatus.UNAUTHORIZED, 'invalid_webhook_signature', 'Webhook signature refused', { detail: DETAIL[result] });
  }
}
