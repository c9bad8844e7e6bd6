import { ParseUUIDPipe } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { AccessRule } from '../common/auth/access.decorator';
import { MissingPermissionException, UnauthenticatedException } from '../common/auth/auth.exceptions';
import { HTTP_PROBLEMS, type ProblemKind } from '../common/problem/problem-kind';
import { ValidationException } from '../common/problem/validation.exception';
import { RateLimitedException } from '../common/rate-limit/rate-limited.exception';

// What the document knows of one route from its decorators.
export interface RouteFacts {
  access?: AccessRule;
  declared: ProblemKind[];
  // A path parameter parsed by ParseUUIDPipe answers 400 `bad_request` when it is not a UUID.
  uuidParams: string[];
}

// The errors every route can answer, by what the route is: the rate limit and the last resort always; the
// body parser on methods with a body; validation where there is input; the auth guard where a credential
// or a permission is needed. Each route adds its own with @Problems.
export function routeProblems(method: string, hasInput: boolean, facts: RouteFacts): ProblemKind[] {
  const kinds: ProblemKind[] = [RateLimitedException, HTTP_PROBLEMS.internalError];
  if (method !== 'get') kinds.push(HTTP_PROBLEMS.malformedJson, HTTP_PROBLEMS.payloadTooLarge, HTTP_PROBLEMS.unsupportedMediaType);
  if (hasInput) kinds.push(ValidationException);
  if (facts.uuidParams.length) kinds.push(HTTP_PROBLEMS.badRequest);
  if (!facts.access?.public) kinds.push(UnauthenticatedException);
  if (facts.access?.permission || facts.access?.staffOnly) kinds.push(MissingPermissionException);
  return [...kinds, ...facts.declared];
}

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

export function uuidParamsOf(controller: new (...args: never[]) => unknown, method: string): string[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArgument>;
  return Object.entries(args)
    .filter(([key]) => key.startsWith(`${RouteParamtypes.PARAM}:`))
    .map(([, arg]) => arg)
    .filter((arg) => typeof arg.data === 'string' && (arg.pipes ?? []).some((pipe) => pipe === ParseUUIDPipe || pipe instanceof ParseUUIDPipe))
    .map((arg) => arg.data as string);
}
