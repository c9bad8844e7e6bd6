import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class SecretRotationNotSupportedException extends ProblemException {
  constructor(provider: string) {
    super(HttpStatus.CONFLICT, 'secret_rotation_not_supported', 'This connection has no generated secret', {
      detail: `Only webhook sources have a secret to rotate; update the ${provider} credentials instead`,
    });
  }
}
