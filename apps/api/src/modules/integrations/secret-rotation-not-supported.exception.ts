import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SecretRotationNotSupportedException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'secret_rotation_not_supported';

  constructor(provider: string) {
    super(SecretRotationNotSupportedException.status, SecretRotationNotSupportedException.code, 'This connection has no generated secret', {
      detail: `Only webhook sources have a secret to rotate; update the ${provider} credentials instead`,
    });
  }
}
