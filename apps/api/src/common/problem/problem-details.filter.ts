import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseUnavailableException } from '../db/database-unavailable.exception';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { isQueryCanceled, QueryTimeoutException } from '../db/query-timeout.exception';
import { reportServerError } from '../observability/error-reporting';
import { HTTP_PROBLEMS } from './problem-kind';
import { ProblemException, type FieldError } from './problem.exception';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

type ProblemCore = Omit<ProblemBody, 'type' | 'instance' | 'requestId'> & Record<string, unknown>;

// Also the titles of the OpenAPI document's error responses.
export const STATUS_CODES: Record<number, [code: string, title: string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['unauthorized', 'Authentication required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not found'],
  405: ['method_not_allowed', 'Method not allowed'],
  406: ['not_acceptable', 'Not acceptable'],
  408: ['request_timeout', 'Request timeout'],
  409: ['conflict', 'Conflict'],
  410: ['gone', 'Gone'],
  412: ['precondition_failed', 'Precondition failed'],
  413: ['payload_too_large', 'Request body too large'],
  415: ['unsupported_media_type', 'Unsupported media type'],
  422: ['unprocessable_entity', 'Unprocessable entity'],
  428: ['precondition_required', 'Precondition required'],
  429: ['rate_limited', 'Too many requests'],
  500: ['internal_error', 'Internal server error'],
  503: ['service_unavailable', 'Service unavailable'],
};

export const problemType = (code: string) => `urn:hotleads:problem:${code}`;

function fromHttpException(exception: HttpException): ProblemCore {
  const status = exception.getStatus();
  const [code, title] = STATUS_CODES[status] ?? (status >= 500 ? STATUS_CODES[500] : ['error', 'Error']);
  if (exception instanceof ProblemException) {
    const { detail, errors, extensions } = exception.problem;
    return { ...extensions, title: exception.title, status, detail: detail ?? exception.title, code: exception.code, errors };
  }
  const response = exception.getResponse();
  // A string response is an error raised by Fastify itself (body parser, content type, size).
  if (typeof response === 'string') {
    if (status === 400 && /json/i.test(response)) {
      return { title: 'Malformed JSON', status, detail: 'The request body is not valid JSON', code: HTTP_PROBLEMS.malformedJson.code };
    }
    if (status === 413) return { title, status, detail: 'The request body is larger than the server accepts', code };
    if (status === 415) return { title, status, detail: 'This content type is not accepted here; send application/json', code };
    return { title, status, detail: status >= 500 ? title : response, code };
  }
  const message = (response as { message?: unknown }).message;
  const detail = typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : title;
  return { title, status, detail: status >= 500 ? title : detail, code };
}

const DATABASE_NOTE_INTERVAL_MS = 10_000;

// The driver's own error under TypeORM's or a cause chain's wrapping.
function rootCause(error: unknown): { code?: string; message?: string } {
  let current = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    const next = (current.driverError ?? current.cause) as typeof current;
    if (!next || typeof next !== 'object') break;
    current = next;
  }
  return {
    code: typeof current?.code === 'string' ? current.code : undefined,
    message: typeof current?.message === 'string' ? current.message.slice(0, 200) : undefined,
  };
}

// The one place errors become responses: RFC 9457 problem+json, never a stack trace or SQL.
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private lastDatabaseNote = 0;

  catch(thrown: unknown, host: ArgumentsHost): void {
    // A database that is away (down, restarting, unreachable) is a 503 to retry, not our 500.
    const databaseAway = isDatabaseUnavailable(thrown);
    if (databaseAway) this.noteDatabaseAway(thrown);
    // A statement past its route's timeout (or cancelled for a client that left) is a 503 too.
    const exception = databaseAway ? new DatabaseUnavailableException() : isQueryCanceled(thrown) ? new QueryTimeoutException() : thrown;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = this.toProblem(exception, request);
    if (reply.sent) return;
    if (exception instanceof ProblemException && exception.problem.headers) {
      for (const [name, value] of Object.entries(exception.problem.headers)) reply.header(name, value);
    }
    if (exception instanceof HttpException) {
      const headers = (exception as HttpException & { headers?: Record<string, string> }).headers;
      if (headers) for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    }
    reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }

  // One short line per outage window (the driver's code and message, no stack), not one per request.
  private noteDatabaseAway(error: unknown): void {
    const now = Date.now();
    if (now - this.lastDatabaseNote < DATABASE_NOTE_INTERVAL_MS) return;
    this.lastDatabaseNote = now;
    const { code, message } = rootCause(error);
    this.logger.warn({ code, reason: message }, 'database unavailable: answering 503 until it is back');
  }

  toProblem(exception: unknown, request: FastifyRequest): ProblemBody {
    let base: ProblemCore;
    if (exception instanceof HttpException) {
      base = fromHttpException(exception);
      // An outage answers every request with 503: its cause is noted by noteDatabaseAway, and the request
      // line says which request got it, so no stack trace of our own exception per request.
      if (base.status >= 500 && !(exception instanceof DatabaseUnavailableException)) {
        this.logger.error({ err: exception, requestId: request.id }, 'request failed');
      }
    } else {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
      base = { title: 'Internal server error', status: HttpStatus.INTERNAL_SERVER_ERROR, detail: 'An unexpected error occurred; quote the request id when reporting it', code: 'internal_error' };
    }
    const body: ProblemBody & Record<string, unknown> = { type: problemType(base.code), ...base, instance: request.url?.split('?')[0], requestId: String(request.id) };
    if (body.status >= 500) reportServerError(exception, { requestId: body.requestId!, userId: request.principal?.kind === 'user' ? request.principal.userId : null, tenantId: request.principal?.tenantId ?? null });
    if (!body.errors) delete body.errors;
    return body;
  }
}
