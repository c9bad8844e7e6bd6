export const WEBHOOK_DELIVERY_JOB = 'integrations.webhook-delivery';

export interface WebhookDeliveryJobData {
  tenantId: string;
  deliveryId: string;
}
