import { HttpStatus } from '@nestjs/common';
import { LEAD_MERGE_UNDO_DAYS } from '@hotleads/shared';
import { ProblemException } from '../../../common/problem/problem.exception';

export class LeadMergeNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'merge_not_found';

  constructor() {
    super(LeadMergeNotFoundException.status, LeadMergeNotFoundException.code, 'Merge not found');
  }
}

export class LeadMergeAlreadyUndoneException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'merge_already_undone';

  constructor(undoneAt: Date) {
    super(LeadMergeAlreadyUndoneException.status, LeadMergeAlreadyUndoneException.code, 'This merge was already undone', {
      detail: `It was undone at ${undoneAt.toISOString()}; the leads are already as they were.`,
      extensions: { undoneAt: undoneAt.toISOString() },
    });
  }
}

export class LeadMergeUndoExpiredException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'merge_undo_expired';

  constructor() {
    super(LeadMergeUndoExpiredException.status, LeadMergeUndoExpiredException.code, 'This merge can no longer be undone', {
      detail: `A merge can be undone for ${LEAD_MERGE_UNDO_DAYS} days.`,
    });
  }
}

// The surviving lead was changed (or trashed) after the merge: undoing would silently drop that change.
export class LeadMergeUndoConflictException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'merge_undo_conflict';

  constructor(reason: string) {
    super(LeadMergeUndoConflictException.status, LeadMergeUndoConflictException.code, 'The merged lead has changed since the merge', { detail: reason });
  }
}

// A lead hidden by a merge comes back by undoing the merge, not from the trash.
export class LeadMergedException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'lead_merged';

  constructor(mergeId: string, survivorId: string) {
    super(LeadMergedException.status, LeadMergedException.code, 'This lead was merged into another one', {
      detail: 'Undo the merge to get it back.',
      extensions: { mergeId, survivorId },
    });
  }
}
