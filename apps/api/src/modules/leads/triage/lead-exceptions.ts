import { HttpStatus } from '@nestjs/common';
import type { LeadStatus } from '@hotleads/shared';
import { ProblemException } from '../../../common/problem/problem.exception';

export class LeadNotFoundException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'lead_not_found';

  constructor() {
    super(LeadNotFoundException.status, LeadNotFoundException.code, 'Lead not found');
  }
}

export class LeadInTrashException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'lead_in_trash';

  constructor() {
    super(LeadInTrashException.status, LeadInTrashException.code, 'The lead is in the trash', { detail: 'Restore it before changing it.' });
  }
}

// If-Match named another version than the current one: someone changed the lead meanwhile.
export class LeadVersionMismatchException extends ProblemException {
  static readonly status = HttpStatus.PRECONDITION_FAILED;
  static readonly code = 'precondition_failed';
  static readonly headers = ['ETag'] as const;

  constructor(current: number) {
    super(LeadVersionMismatchException.status, LeadVersionMismatchException.code, 'The lead has changed', {
      detail: 'Someone changed this lead after you loaded it. Reload it, then apply your change again.',
      extensions: { currentVersion: current },
      headers: { ETag: leadEtag(current) },
    });
  }
}

export class InvalidIfMatchException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_if_match';

  constructor() {
    super(InvalidIfMatchException.status, InvalidIfMatchException.code, 'Invalid If-Match header', { detail: 'Send the ETag of the lead as you loaded it, e.g. "7".' });
  }
}

export class InvalidStatusTransitionException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'invalid_status_transition';

  constructor(from: LeadStatus, to: LeadStatus, allowed: readonly LeadStatus[]) {
    super(InvalidStatusTransitionException.status, InvalidStatusTransitionException.code, 'This status change is not allowed', {
      detail: `A lead cannot move from ${from} to ${to}.`,
      extensions: { from, to, allowed },
    });
  }
}

export class LeadClaimedException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'lead_claimed';

  // `assigneeName` and `claimedAt` say who holds it and since when, so the caller can say so.
  constructor(assigneeId: string, holder: { name: string | null; since: Date | null } = { name: null, since: null }) {
    super(LeadClaimedException.status, LeadClaimedException.code, 'Someone else is working on this lead', {
      detail: holder.name ? `${holder.name} has it.` : undefined,
      extensions: { assigneeId, assigneeName: holder.name, claimedAt: holder.since?.toISOString() ?? null },
    });
  }
}

// Agents change only their own leads and unassigned ones.
export class LeadNotYoursException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'lead_not_assigned_to_you';

  constructor() {
    super(LeadNotYoursException.status, LeadNotYoursException.code, 'This lead is assigned to someone else', {
      detail: 'Changing another person’s lead needs the leads:assign permission.',
    });
  }
}

export class AssignNotAllowedException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'assign_not_allowed';

  constructor() {
    super(AssignNotAllowedException.status, AssignNotAllowedException.code, 'You may not assign leads to others', {
      detail: 'Assigning a lead to someone else needs the leads:assign permission; claim it for yourself instead.',
    });
  }
}

export class InvalidAssigneeException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'invalid_assignee';

  constructor() {
    super(InvalidAssigneeException.status, InvalidAssigneeException.code, 'Unknown assignee', {
      errors: [{ field: 'assigneeId', message: 'must be an active user of this workspace' }],
    });
  }
}

export class DuplicateOpenLeadException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'duplicate_lead';

  constructor(field: 'email' | 'phone' | 'lead') {
    super(DuplicateOpenLeadException.status, DuplicateOpenLeadException.code, 'Another open lead has the same contact details', {
      detail: 'Open leads are unique per email and per phone; archive or merge the other lead first.',
      extensions: { field },
    });
  }
}

export class BulkTargetException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'bulk_target_required';

  constructor() {
    super(BulkTargetException.status, BulkTargetException.code, 'Give either ids or filter', {
      errors: [{ field: 'ids', message: 'exactly one of ids and filter is required' }],
    });
  }
}

export const leadEtag = (version: number): string => `"${version}"`;
