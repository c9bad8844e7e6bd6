import { ApiProperty } from '@nestjs/swagger';
import { OUTBOUND_DELIVERY_STATES, type OutboundDeliveryState } from '../outbound-webhook-values';

export class OutboundDeliveryDto {
  id: string;
  endpointId: string;
  /** The `webhook-id` header: the same on every attempt, the receiver's idempotency key. */
  messageId: string;
  /** `lead.created`, ..., or `ping`. */
  event: string;
  @ApiProperty({ enum: OUTBOUND_DELIVERY_STATES })
  state: OutboundDeliveryState;
  attempts: number;
  /** The receiver's HTTP status on the last attempt; null when none came (refused address, timeout, network). */
  lastStatusCode: number | null;
  lastDurationMs: number | null;
  /** The first characters of the receiver's answer. */
  lastResponseExcerpt: string | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  /** When it is tried next; null once it succeeded or was given up. */
  nextAttemptAt: Date | null;
  createdAt: Date;
}
