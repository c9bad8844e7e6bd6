import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../../common/problem/problem.exception';

export class ZohoClientRequiredException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'zoho_client_required';

  constructor() {
    super(ZohoClientRequiredException.status, ZohoClientRequiredException.code, 'The Zoho client is incomplete', {
      detail: 'A new connection needs the data centre, client ID and client secret; a reconnect of a connection without them needs them too.',
    });
  }
}
