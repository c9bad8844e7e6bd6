export class WebhookReceivedDto {
  received: true;
  deliveryId: string;
  /** True when this delivery was seen before: recorded, not processed again. */
  duplicate: boolean;
}
