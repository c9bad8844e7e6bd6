import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../../common/problem/problem.exception';

export class ZohoConnectUnavailableException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'zoho_oauth_unavailable';

  constructor() {
    super(ZohoConnectUnavailableException.status, ZohoConnectUnavailableException.code, 'Connecting through Zoho’s sign-in is not available', {
      detail: 'Zoho must be able to send the browser back to this installation: set PUBLIC_URL, or connect with a self client’s refresh token.',
    });
  }
}
