import { WebhookEndpointDto } from './webhook-endpoint.dto';

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  /** The signing secret (`whsec_...`), shown this once only. */
  secret: string;
}
