import { problemType, type ProblemBody } from './problem-details.filter';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

// A problem body for answers sent below Nest (adapter limits, shutdown, malformed requests), shaped as
// the filter shapes every other error.
export function problemBody(status: number, code: string, title: string, detail: string, url: string | undefined, requestId: string): ProblemBody {
  return { type: problemType(code), title, status, detail, code, instance: url?.split('?')[0], requestId };
}
