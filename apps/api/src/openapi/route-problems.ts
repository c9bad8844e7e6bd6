import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { AccessRule } from '../common/auth/access.decorator';
import { InvalidIdException } from '../common/http/invalid-id.exception';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { MissingPermissionException, UnauthenticatedException } from '../common/auth/auth.exceptions';
import { HTTP_PROBLEMS, type ProblemKind } from '../common/problem/problem-kind';
import { DatabaseUnavailableException } from '../common/db/database-unavailable.exception';
import { QueryTimeoutException } from '../common/db/query-timeout.exception';
import { BodyTooDeepException } from '../common/input/body-too-deep.exception';
import { InvalidBodyException } from '../common/input/invalid-body.exception';
import { InvalidTextException } from '../common/input/invalid-text.exception';
import { ValidationException } from '../common/problem/validation.exception';
import { RateLimitedException } from '../common/rate-limit/rate-limited.exception';
import { IpNotAllowedException } from '../modules/access/ip-not-allowed.exception';

// What the document knows of one route from its decorators.
export interface RouteFacts {
  access?: AccessRule;
  declared: ProblemKind[];
  // A path parameter parsed by ParseIdPipe answers 400 `invalid_id` when it is not a UUID.
  uuidParams: string[];
}

// The errors every route can answer, by what the route is: the rate limit, the last resort and what the
// adapter answers itself always; the body parser and body checks on methods with a body; validation where there is input; the auth guard where a credential
// or a permission is needed. Each route adds its own with @Problems.
export function routeProblems(method: string, hasInput: boolean, facts: RouteFacts): ProblemKind[] {
  const kinds: ProblemKind[] = [
    RateLimitedException,
    HTTP_PROBLEMS.internalError,
    HTTP_PROBLEMS.shuttingDown,
    DatabaseUnavailableException,
    QueryTimeoutException,
    HTTP_PROBLEMS.badUrl,
    HTTP_PROBLEMS.malformedRequest,
    HTTP_PROBLEMS.headersTooLarge,
    HTTP_PROBLEMS.workspaceNotFound,
  ];
  if (method !== 'get') {
    kinds.push(HTTP_PROBLEMS.malformedJson, HTTP_PROBLEMS.payloadTooLarge, HTTP_PROBLEMS.unsupportedMediaType, BodyTooDeepException, InvalidBodyException);
  }
  if (hasInput) kinds.push(ValidationException, InvalidTextException);
  if (facts.uuidParams.length) kinds.push(InvalidIdException);
  if (!facts.access?.public) kinds.push(UnauthenticatedException, IpNotAllowedException);
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
    .filter((arg) => typeof arg.data === 'string' && (arg.pipes ?? []).some((pipe) => pipe === ParseIdPipe || pipe instanceof ParseIdPipe))
    .map((arg) => arg.data as string);
}
