import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

// One request header's value, or undefined. Unlike @Headers(name), the OpenAPI document does not list it as a
// required parameter: document it with @ApiHeader({ required: false }) instead.
export const OptionalHeader = createParamDecorator((name: string, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<FastifyRequest>().headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
});
