import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { parseFormBody } from './form-body';
import { PUBLIC_FORM_ROUTE } from './public-form';
import { PublicFormLookup } from './public-form-lookup.service';

const FORM_ENCODED = 'application/x-www-form-urlencoded';
const FORM_BODY_LIMIT = 256 * 1024;
const PREFLIGHT_MAX_AGE_SECONDS = 600;
const EXPOSED_HEADERS = 'x-request-id, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset';

const isPublicFormRoute = (request: FastifyRequest) =>
  (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[PUBLIC_FORM_ROUTE] === true;

// HTTP details of the public form routes that live below Nest, in Fastify:
// - form-encoded bodies, so a plain HTML form works; accepted on these routes only (Nest's adapter would
//   take them everywhere), because any site can make a browser post a form, cookies included, and the
//   rest of the API is JSON-only;
// - CORS from each form's own allowed origins. The global CORS plugin knows only CORS_ORIGINS, so these
//   routes opt out of it (route config `cors: false`) and get their headers here, on every answer
//   (202, 303, 400, 404, 429), without credentials. A refused origin gets no Access-Control-Allow-Origin
//   and the browser blocks the response.
@Injectable()
export class PublicFormHttpService implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly lookup: PublicFormLookup,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Replaces the parser Nest's adapter registers for every route.
    if (fastify.hasContentTypeParser(FORM_ENCODED)) fastify.removeContentTypeParser(FORM_ENCODED);
    fastify.addContentTypeParser(FORM_ENCODED, { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (request, body, done) => {
      if (!isPublicFormRoute(request)) {
        // The same 415 as for a content type nobody parses.
        done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(FORM_ENCODED), undefined);
        return;
      }
      done(null, parseFormBody(body as string));
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (isPublicFormRoute(request)) await this.addCorsHeaders(request, reply);
      return payload;
    });
  }

  // Called by the preflight route: the methods and headers a page may use (the origin is added on send).
  preflight(reply: FastifyReply): void {
    reply
      .header('Access-Control-Allow-Methods', 'POST')
      .header('Access-Control-Allow-Headers', 'content-type, accept')
      .header('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS))
      .code(204)
      .send();
  }

  private async addCorsHeaders(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    reply.header('Vary', 'Origin');
    const origin = request.headers.origin;
    const formId = (request.params as Record<string, string | undefined>).formId;
    if (!origin || !formId) return;
    const allowed = await this.lookup.allowedOrigins(formId);
    if (!allowed.includes(origin)) return;
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }
}
