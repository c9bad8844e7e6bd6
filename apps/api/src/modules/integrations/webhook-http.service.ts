import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { requestStatementScope, statementScope, statementTimeoutOf } from '../../common/db/statement-scope';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.service';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';
import { WebhookIntakeService } from './webhook-intake.service';
import { inboundWebhookOf, isWebhookRoute, originalContentTypes, WEBHOOK_BODY_LIMIT, WEBHOOK_RAW_CONTENT_TYPE } from './webhook-route';

// The webhook route below Nest.
//
// Its body: a signature covers the exact bytes sent, and any parser (form decoding, JSON, charset
// handling) could change them. So on this route only, every request is switched to a content type that
// only our parser takes, and that parser hands the handler the Buffer, up to 256 KB. The sender's
// content type is kept aside for the provider. Nothing else in the app changes.
//
// Its fast path: a delivery to a connection this replica has cached, with a valid signature and a usable
// body, is stored and answered by a preHandler hook (WebhookIntakeService.receiveIfKnown: one statement),
// without Nest's guards, interceptor, pipes and param decorators, which cost as much CPU per request as
// the rest of the acknowledgement (decision 0038). Everything else goes on to the controller unchanged.
// What Nest would have done and still happens: the route's rate limit (charged here, once per request),
// the write class's statement timeout and the cancel on hang-up (the interceptor's scope), the 200 with
// the controller's body; an error thrown here reaches the same problem+json filter through Fastify's
// error handler, which Nest sets. The Fastify hooks (request id, security headers, CORS, access log,
// HTTP metrics, body limit, input checks) run as for every route. The auth guard has nothing to do on a
// @Public() route.
@Injectable()
export class WebhookHttpService implements OnModuleInit {
  private readonly writeTimeoutMs: number;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly intake: WebhookIntakeService,
    private readonly rateLimits: RateLimiter,
    @Inject(databaseConfig.KEY) config: DatabaseConfig,
  ) {
    this.writeTimeoutMs = statementTimeoutOf('write', config);
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preParsing', (request, _reply, payload, done) => {
      if (isWebhookRoute(request)) {
        originalContentTypes.set(request.raw, request.raw.headers['content-type']);
        request.raw.headers['content-type'] = WEBHOOK_RAW_CONTENT_TYPE;
      }
      done(null, payload);
    });
    fastify.addContentTypeParser(WEBHOOK_RAW_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (request, body, done) => {
      // A client naming this type on any other route gets the 415 of an unknown type.
      if (!isWebhookRoute(request)) done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(WEBHOOK_RAW_CONTENT_TYPE), undefined);
      else done(null, body);
    });
    fastify.addHook('preHandler', async (request, reply) => {
      if (!isWebhookRoute(request)) return;
      // Returning the reply makes Fastify wait until it is sent, and skip the handler.
      if (await this.fastPath(request, reply)) return reply;
    });
  }

  // True when the delivery was stored and answered here.
  private async fastPath(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    await this.rateLimits.chargeRoute(request, reply, 'webhook');
    const { connectionId } = request.params as { connectionId: string };
    const scope = requestStatementScope(reply.raw, this.writeTimeoutMs);
    const received = await statementScope.run(scope, () => this.intake.receiveIfKnown(connectionId, inboundWebhookOf(request), { ip: request.ip || null }));
    if (!received) return false;
    reply.code(200).send(received);
    return true;
  }
}
