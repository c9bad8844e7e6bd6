import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance } from 'fastify';
import { isWebhookRoute, originalContentTypes, WEBHOOK_BODY_LIMIT, WEBHOOK_RAW_CONTENT_TYPE } from './webhook-route';

// The webhook route's body, below Nest: a signature covers the exact bytes sent, and any parser (form
// decoding, JSON, charset handling) could change them. So on this route only, every request is switched
// to a content type that only our parser takes, and that parser hands the handler the Buffer, up to
// 256 KB. The sender's content type is kept aside for the provider. Nothing else in the app changes.
@Injectable()
export class WebhookHttpService implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

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
  }
}
