import { HttpStatus, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem.exception';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

export class ValidationException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'validation_failed';

  constructor(errors: FieldError[]) {
    super(ValidationException.status, ValidationException.code, 'The request is invalid', {
      detail: errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} fields are invalid`,
      errors,
    });
  }
}
