import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Also for someone else's export, one already downloaded, or one past its 24 hours.
export class ExportNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'privacy_export_not_found';

  constructor() {
    super(ExportNotFoundException.status, ExportNotFoundException.code, 'Export not available', {
      detail: 'You have no export with this id ready to download: it may be still running, downloaded already or expired.',
    });
  }
}
