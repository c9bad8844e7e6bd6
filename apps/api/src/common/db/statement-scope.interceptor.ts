import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';
import { requestStatementScope, STATEMENT_CLASS_KEY, statementScope, statementTimeoutOf, type StatementClass } from './statement-scope';

// Runs each HTTP handler inside its statement scope: the route class's timeout, and an abort signal
// raised when the response closes before it was finished (the client hung up or gave up).
@Injectable()
export class StatementScopeInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const kind =
      this.reflector.getAllAndOverride<StatementClass | undefined>(STATEMENT_CLASS_KEY, [context.getHandler(), context.getClass()]) ??
      (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    const scope = requestStatementScope(reply.raw, statementTimeoutOf(kind, this.config));
    return new Observable((subscriber) => statementScope.run(scope, () => next.handle().subscribe(subscriber)));
  }
}
