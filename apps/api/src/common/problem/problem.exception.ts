import { HttpException } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemOptions {
  detail?: string;
  errors?: FieldError[];
  // Extra members added to the problem body (RFC 9457 extensions), e.g. `allowed` next states.
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

// Base of every typed exception: a stable machine-readable code plus an HTTP status.
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly title: string,
    readonly problem: ProblemOptions = {},
  ) {
    super(problem.detail ?? title, status);
  }
}
