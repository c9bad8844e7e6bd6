import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiHeader, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { WebhookHandshakeDto } from './dto/webhook-handshake.dto';
import { Public } from '../../common/auth/access.decorator';
import { Ctx, type RequestContext } from '../../common/auth/request-context';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { WebhookReceivedDto } from './dto/webhook-received.dto';
import type { InboundWebhook } from './providers/webhook-provider';
import { WebhookIntakeService } from './webhook-intake.service';
import { InboundWebhookRequest, WEBHOOK_ROUTE } from './webhook-route';
import { Problems } from '../../common/problem/problems.decorator';
import { InvalidWebhookPayloadException } from './invalid-webhook-payload.exception';
import { WebhookEndpointNotFoundException } from './webhook-endpoint-not-found.exception';
import { WebhookSignatureInvalidException } from './webhook-signature-invalid.exception';

// What providers post to. No session, no API key: the signature over the raw body is the credential, the
// connection id in the path says whose it is, and the budget is the connection's.
@ApiTags('public')
@Controller('webhooks')
@Public()
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  /**
   * Receives a signed webhook (Acuity: form-encoded with X-Acuity-Signature; a `webhook` source: JSON signed
   * per Standard Webhooks; Zoom: JSON signed with x-zm-signature, whose `endpoint.url_validation` is answered
   * at once with the plain and encrypted tokens). Answers 200 once the delivery and its processing job are stored; processing
   * happens afterwards. A delivery seen before answers 200 with `duplicate: true`. Body limit 256 KB.
   */
  @Post(':connectionId')
  @HttpCode(200)
  @RateLimit('webhook')
  @RouteConfig({ [WEBHOOK_ROUTE]: true })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: { type: 'string', format: 'binary', description: 'Verified byte for byte: send it exactly as signed.' } })
  @ApiHeader({ name: 'X-Acuity-Signature', required: false, description: 'Acuity: base64 HMAC-SHA256 of the body, keyed with the API key.' })
  @ApiHeader({ name: 'webhook-id', required: false, description: 'Standard Webhooks: the message id (the dedupe key).' })
  @ApiHeader({ name: 'webhook-timestamp', required: false, description: 'Standard Webhooks: Unix seconds, within 5 minutes of now.' })
  @ApiHeader({ name: 'webhook-signature', required: false, description: 'Standard Webhooks: space-separated `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.' })
  @ApiHeader({ name: 'x-zm-signature', required: false, description: 'Zoom: `v0=` + hex HMAC-SHA256 of "v0:{x-zm-request-timestamp}:{body}", keyed with the secret token.' })
  @ApiHeader({ name: 'x-zm-request-timestamp', required: false, description: 'Zoom: Unix seconds, within 5 minutes of now.' })
  @ApiExtraModels(WebhookReceivedDto, WebhookHandshakeDto)
  @ApiOkResponse({
    description: 'The delivery is stored, or (Zoom `endpoint.url_validation`) the endpoint check is answered.',
    schema: { oneOf: [{ $ref: getSchemaPath(WebhookReceivedDto) }, { $ref: getSchemaPath(WebhookHandshakeDto) }] },
  })
  @Problems(WebhookSignatureInvalidException, WebhookEndpointNotFoundException, InvalidWebhookPayloadException)
  receive(@Param('connectionId') connectionId: string, @InboundWebhookRequest() request: InboundWebhook, @Ctx() ctx: RequestContext): Promise<WebhookReceivedDto | WebhookHandshakeDto> {
    return this.intake.receive(connectionId, request, { ip: ctx.ip || null });
  }
}
