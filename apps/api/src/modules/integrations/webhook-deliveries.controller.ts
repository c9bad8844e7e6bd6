import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { DeliveryDetailDto } from './dto/delivery-detail.dto';
import { DeliveryPageDto } from './dto/delivery-page.dto';
import { ListDeliveriesQueryDto } from './dto/list-deliveries-query.dto';
import { ReplayedDeliveryDto } from './dto/replayed-delivery.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { Problems } from '../../common/problem/problems.decorator';
import { InvalidCursorException } from '../audit/invalid-cursor.exception';
import { DeliveryNotReplayableException } from './delivery-not-replayable.exception';

@ApiTags('integrations')
@ApiBearerAuth('bearer')
@Controller('integrations/connections/:id/deliveries')
@Authenticated({ permission: 'integrations:manage', staffOnly: true })
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  /** The connection's deliveries, newest first (keyset pages). */
  @Get()
  @Problems(HTTP_PROBLEMS.notFound, InvalidCursorException)
  list(@Param('id', ParseIdPipe) id: string, @Query() query: ListDeliveriesQueryDto, @Ctx() ctx: RequestContext): Promise<DeliveryPageDto> {
    return this.deliveries.list(requireUser(ctx), id, query);
  }

  /** One delivery in full: headers, body, processing result and lead. */
  @Get(':deliveryId')
  @Problems(HTTP_PROBLEMS.notFound)
  get(@Param('id', ParseIdPipe) id: string, @Param('deliveryId', ParseIdPipe) deliveryId: string, @Ctx() ctx: RequestContext): Promise<DeliveryDetailDto> {
    return this.deliveries.get(requireUser(ctx), id, deliveryId);
  }

  /** Runs the processing again (never makes a twin lead). Not for rejected or duplicate deliveries. */
  @Post(':deliveryId/replay')
  @HttpCode(202)
  @Problems(HTTP_PROBLEMS.notFound, DeliveryNotReplayableException)
  replay(@Param('id', ParseIdPipe) id: string, @Param('deliveryId', ParseIdPipe) deliveryId: string, @Ctx() ctx: RequestContext): Promise<ReplayedDeliveryDto> {
    return this.deliveries.replay(requireUser(ctx), id, deliveryId);
  }
}
