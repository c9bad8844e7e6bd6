import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { Problems } from '../../common/problem/problems.decorator';
import { InvalidCursorException } from '../audit/invalid-cursor.exception';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import { ListOutboundDeliveriesQueryDto } from './dto/list-outbound-deliveries-query.dto';
import { OutboundDeliveryPageDto } from './dto/outbound-delivery-page.dto';
import { OutboundDeliveryDto } from './dto/outbound-delivery.dto';
import { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import { WebhookEndpointWithSecretDto } from './dto/webhook-endpoint-with-secret.dto';
import { WebhookEndpointDto } from './dto/webhook-endpoint.dto';
import { OutboundWebhooksService } from './outbound-webhooks.service';
import { WebhookEndpointDisabledException } from './webhook-endpoint-disabled.exception';
import { WebhookUrlRefusedException } from './webhook-url-refused.exception';

// Outbound webhooks: where the workspace's events are POSTed, signed per Standard Webhooks. Staff only,
// like integrations: endpoints hold secrets and their changes are audited against a person.
@ApiTags('webhook-endpoints')
@ApiBearerAuth('bearer')
@Controller('webhook-endpoints')
@Authenticated({ permission: 'integrations:manage', staffOnly: true })
export class WebhookEndpointsController {
  constructor(private readonly webhooks: OutboundWebhooksService) {}

  /** Every endpoint of the workspace. The secret is never returned, only its last four characters. */
  @Get()
  list(@Ctx() ctx: RequestContext): Promise<WebhookEndpointDto[]> {
    return this.webhooks.list(requireUser(ctx));
  }

  /** Adds an endpoint; answers with its signing `secret`, shown this once only. */
  @Post()
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @Problems(WebhookUrlRefusedException)
  create(@Body() dto: CreateWebhookEndpointDto, @Ctx() ctx: RequestContext): Promise<WebhookEndpointWithSecretDto> {
    return this.webhooks.create(requireUser(ctx), dto);
  }

  /** Gives a delivery another attempt now (a given-up one gets one more; a pending one is moved up). */
  @Post('deliveries/:deliveryId/retry')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound, WebhookEndpointDisabledException)
  retry(@Param('deliveryId', ParseIdPipe) deliveryId: string, @Ctx() ctx: RequestContext): Promise<OutboundDeliveryDto> {
    return this.webhooks.retry(requireUser(ctx), deliveryId);
  }

  /** One endpoint, with its events, state and the last four characters of its secret. */
  @Get(':id')
  @Problems(HTTP_PROBLEMS.notFound)
  get(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpointDto> {
    return this.webhooks.get(requireUser(ctx), id);
  }

  /** Changes the URL, description, events or enabled flag. Disabling gives up the pending deliveries. */
  @Patch(':id')
  @Problems(HTTP_PROBLEMS.notFound, WebhookUrlRefusedException)
  update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateWebhookEndpointDto, @Ctx() ctx: RequestContext): Promise<WebhookEndpointDto> {
    return this.webhooks.update(requireUser(ctx), id, dto);
  }

  /** Deletes the endpoint and its delivery log. */
  @Delete(':id')
  @HttpCode(204)
  @Problems(HTTP_PROBLEMS.notFound)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.webhooks.remove(requireUser(ctx), id);
  }

  /** Sends a signed `ping` now (disabled endpoints too) and answers the delivery: status code, duration, answer. */
  @Post(':id/test')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound)
  test(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<OutboundDeliveryDto> {
    return this.webhooks.test(requireUser(ctx), id);
  }

  /** Makes a new signing secret, shown this once only. For 24 hours deliveries carry a signature with the old one too. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Problems(HTTP_PROBLEMS.notFound)
  rotateSecret(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<WebhookEndpointWithSecretDto> {
    return this.webhooks.rotateSecret(requireUser(ctx), id);
  }

  /** The endpoint's deliveries, newest first (keyset pages). Order of delivery is not guaranteed. */
  @Get(':id/deliveries')
  @Problems(HTTP_PROBLEMS.notFound, InvalidCursorException)
  deliveries(@Param('id', ParseIdPipe) id: string, @Query() query: ListOutboundDeliveriesQueryDto, @Ctx() ctx: RequestContext): Promise<OutboundDeliveryPageDto> {
    return this.webhooks.deliveries(requireUser(ctx), id, query);
  }
}
