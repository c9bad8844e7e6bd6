import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// The upload cannot be read as CSV at all (no header, a runaway quote); single bad rows are reported
// per row instead.
export class ImportFileUnreadableException extends ProblemException {
  constructor(detail: string) {
    super(HttpStatus.BAD_REQUEST, 'import_file_unreadable', 'The file cannot be read as CSV', { detail });
  }
}
