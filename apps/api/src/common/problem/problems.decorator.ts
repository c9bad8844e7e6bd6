import type { ProblemKind } from './problem-kind';

export const PROBLEMS_KEY = 'hotleads:problems';

// The errors a route (or every route of a controller) may answer besides the ones all routes share
// (openapi/route-problems.ts). The OpenAPI document turns them into its problem+json responses, so a new
// exception class with a static status and code plus this line on the route is all the document needs.
export const Problems =
  (...kinds: ProblemKind[]): ClassDecorator & MethodDecorator =>
  (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor?.value as object | undefined) ?? target;
    const declared = (Reflect.getMetadata(PROBLEMS_KEY, holder) as ProblemKind[] | undefined) ?? [];
    Reflect.defineMetadata(PROBLEMS_KEY, [...declared, ...kinds], holder);
  };
