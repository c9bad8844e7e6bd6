import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// A key may not carry more access than the person who creates it.
export class ScopeNotHeldException extends ProblemException {
  constructor(missing: readonly string[]) {
    super(HttpStatus.FORBIDDEN, 'scope_not_held', 'Cannot grant this scope', {
      detail: `You can only grant scopes you hold yourself; you lack ${missing.join(', ')}.`,
      extensions: { missing },
    });
  }
}
