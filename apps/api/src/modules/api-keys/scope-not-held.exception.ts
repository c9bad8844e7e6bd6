import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// A key may not carry more access than the person who creates it.
export class ScopeNotHeldException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'scope_not_held';

  constructor(missing: readonly string[]) {
    super(ScopeNotHeldException.status, ScopeNotHeldException.code, 'Cannot grant this scope', {
      detail: `You can only grant scopes you hold yourself; you lack ${missing.join(', ')}.`,
      extensions: { missing },
    });
  }
}
