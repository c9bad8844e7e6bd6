import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';
import { MAX_JSON_DEPTH } from './json-depth';

export class BodyTooDeepException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'body_too_deep';

  constructor() {
    super(BodyTooDeepException.status, BodyTooDeepException.code, 'The request body is nested too deeply', {
      detail: `JSON bodies may nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep`,
    });
  }
}
