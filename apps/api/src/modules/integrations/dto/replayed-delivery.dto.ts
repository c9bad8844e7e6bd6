export class ReplayedDeliveryDto {
  /** The delivery, back in the `received` state until its processing runs. */
  deliveryId: string;
  queued: true;
}
