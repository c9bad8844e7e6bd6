import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SlugTakenException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'slug_taken';

  constructor() {
    super(SlugTakenException.status, SlugTakenException.code, 'Address taken', { detail: 'Another workspace uses this address; choose another one.' });
  }
}

// Only an owner may move the workspace to another address (every bookmark and session moves with it).
export class OwnerOnlyException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'owner_only';

  constructor() {
    super(OwnerOnlyException.status, OwnerOnlyException.code, 'Owners only', { detail: "Only an owner can change the workspace's address." });
  }
}
