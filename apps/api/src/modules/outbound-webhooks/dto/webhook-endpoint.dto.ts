import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_FILTERS, type WebhookEventFilter } from '../outbound-webhook-values';

export class WebhookEndpointDto {
  id: string;
  url: string;
  description: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_FILTERS, isArray: true })
  events: WebhookEventFilter[];
  enabled: boolean;
  /** Why it was turned off automatically (410 Gone, five days of failures); null otherwise. */
  disabledReason: string | null;
  disabledAt: Date | null;
  /** Start of the current run of failed deliveries; null while it works. */
  failingSince: Date | null;
  /** The last four characters of the signing secret, to tell secrets apart. */
  secretHint: string;
  /** While set, deliveries carry a signature with the previous secret too. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
