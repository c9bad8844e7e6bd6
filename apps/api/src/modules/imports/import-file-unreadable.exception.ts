import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// The upload cannot be read as CSV at all (no header, a runaway quote); single bad rows are reported
// per row instead.
export class ImportFileUnreadableException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'import_file_unreadable';

  constructor(detail: string) {
    super(ImportFileUnreadableException.status, ImportFileUnreadableException.code, 'The file cannot be read as CSV', { detail });
  }
}
