import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../../common/problem/problem.exception';

export class SyncNotSupportedException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'sync_not_supported';

  constructor(provider: string) {
    super(SyncNotSupportedException.status, SyncNotSupportedException.code, 'This connection is not pulled on a schedule', {
      detail: `${provider} connections receive webhooks; only pull connections (Zoho CRM, Google Calendar, Zoom) sync, pause and resume`,
    });
  }
}
