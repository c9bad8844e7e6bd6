import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestIdFor } from '../common/http/request-id';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../common/problem/problem-body';

// Errors the adapter answers itself, before a route (and its hooks, Nest's filter) runs: they get the same
// problem+json, request id and security headers as every other answer.

const SHUTDOWN_RETRY_AFTER_SECONDS = 5;

type HeaderList = ReadonlyArray<readonly [string, string]>;

function sendProblem(reply: FastifyReply, request: FastifyRequest, headers: HeaderList, status: number, code: string, title: string, detail: string): FastifyReply {
  for (const [name, value] of headers) reply.raw.setHeader(name, value);
  return reply
    .code(status)
    .header('x-request-id', request.id)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problemBody(status, code, title, detail, request.url, String(request.id))));
}

// Fastify's `frameworkErrors`: a URL that does not decode, a path parameter over maxParamLength.
export function frameworkErrors(headers: HeaderList) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      // No id is that long: the same answer as a well-formed id that names nothing.
      sendProblem(reply, request, headers, 404, 'not_found', 'Not found', 'No resource has this id');
    } else if (error.code === 'FST_ERR_BAD_URL') {
      sendProblem(reply, request, headers, 400, 'bad_url', 'Malformed URL', 'The URL does not decode (invalid percent-encoding)');
    } else {
      request.log.error({ err: error }, 'routing failed');
      sendProblem(reply, request, headers, 500, 'internal_error', 'Internal server error', 'An unexpected error occurred; quote the request id when reporting it');
    }
  };
}

const CLIENT_ERRORS: Record<string, [status: number, code: string, title: string, detail: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'Request headers too large', 'The request line and headers (the URL and its query string included) are larger than the server accepts'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'Request timeout', 'The request was not received in time'],
};
const MALFORMED_REQUEST: [number, string, string, string] = [400, 'malformed_request', 'Malformed request', 'The request is not valid HTTP'];

// Node's `clientError`: the request could not even be parsed (headers too large, bad HTTP, timeout), so
// there is no request object; the answer is written on the socket, as Node's own would be.
export function clientErrorHandler(headers: HeaderList) {
  return function (this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code, title, detail] = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED_REQUEST;
    const requestId = requestIdFor({ headers: {} } as IncomingMessage);
    this.log.debug({ err: error, requestId }, 'client error');
    if (socket.writable) {
      const body = JSON.stringify(problemBody(status, code, title, detail, undefined, requestId));
      const lines = [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        `content-type: ${PROBLEM_CONTENT_TYPE}`,
        `content-length: ${Buffer.byteLength(body)}`,
        `x-request-id: ${requestId}`,
        ...headers.map(([name, value]) => `${name}: ${value}`),
        'connection: close',
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    }
    socket.destroy(error);
  };
}

// Fastify's own 503 while closing is plain JSON; this answers it as problem+json with Retry-After. Runs
// as an onRequest hook after the one that sets the security headers.
export function refuseWhileClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close').header('retry-after', String(SHUTDOWN_RETRY_AFTER_SECONDS));
    return sendProblem(reply, request, [], 503, 'shutting_down', 'Service unavailable', 'The server is shutting down; retry shortly');
  });
}
