import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATES, SIGNATURE_RESULTS, type DeliveryState, type SignatureResult } from '../integration-values';

export class DeliveryDto {
  id: string;
  connectionId: string;
  receivedAt: Date;
  @ApiProperty({ enum: SIGNATURE_RESULTS })
  signature: SignatureResult;
  /** What the sender said happened (Acuity's action, a webhook's `event`). */
  action: string | null;
  @ApiProperty({ enum: DELIVERY_STATES })
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  /** The lead it created or updated (the first, for a batch). */
  leadId: string | null;
  processedAt: Date | null;
  bodySize: number;
  /** Set once the body was deleted (after WEBHOOK_PAYLOAD_RETENTION_DAYS). */
  bodyPurgedAt: Date | null;
}
