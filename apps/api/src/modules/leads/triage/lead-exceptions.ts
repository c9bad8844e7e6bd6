import { HttpStatus } from '@nestjs/common';
import type { LeadStatus } from '@hotleads/shared';
import { ProblemException } from '../../../common/problem/problem.exception';

export class LeadNotFoundException extends ProblemException {
  constructor() {
    super(HttpStatus.NOT_FOUND, 'lead_not_found', 'Lead not found');
  }
}

export class LeadInTrashException extends ProblemException {
  constructor() {
    super(HttpStatus.CONFLICT, 'lead_in_trash', 'The lead is in the trash', { detail: 'Restore it before changing it.' });
  }
}

// If-Match named another version than the current one: someone changed the lead meanwhile.
export class LeadVersionMismatchException extends ProblemException {
  constructor(current: number) {
    super(HttpStatus.PRECONDITION_FAILED, 'precondition_failed', 'The lead has changed', {
      detail: 'Someone changed this lead after you loaded it. Reload it, then apply your change again.',
      extensions: { currentVersion: current },
      headers: { ETag: leadEtag(current) },
    });
  }
}

export class InvalidIfMatchException extends ProblemException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_if_match', 'Invalid If-Match header', { detail: 'Send the ETag of the lead as you loaded it, e.g. "7".' });
  }
}

export class InvalidStatusTransitionException extends ProblemException {
  constructor(from: LeadStatus, to: LeadStatus, allowed: readonly LeadStatus[]) {
    super(HttpStatus.CONFLICT, 'invalid_status_transition', 'This status change is not allowed', {
      detail: `A lead cannot move from ${from} to ${to}.`,
      extensions: { from, to, allowed },
    });
  }
}

export class LeadClaimedException extends ProblemException {
  constructor(assigneeId: string) {
    super(HttpStatus.CONFLICT, 'lead_claimed', 'Someone else is working on this lead', { extensions: { assigneeId } });
  }
}

// Agents change only their own leads and unassigned ones.
export class LeadNotYoursException extends ProblemException {
  constructor() {
    super(HttpStatus.FORBIDDEN, 'lead_not_assigned_to_you', 'This lead is assigned to someone else', {
      detail: 'Changing another person’s lead needs the leads:assign permission.',
    });
  }
}

export class AssignNotAllowedException extends ProblemException {
  constructor() {
    super(HttpStatus.FORBIDDEN, 'assign_not_allowed', 'You may not assign leads to others', {
      detail: 'Assigning a lead to someone else needs the leads:assign permission; claim it for yourself instead.',
    });
  }
}

export class InvalidAssigneeException extends ProblemException {
  constructor() {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid_assignee', 'Unknown assignee', {
      errors: [{ field: 'assigneeId', message: 'must be an active user of this workspace' }],
    });
  }
}

export class DuplicateOpenLeadException extends ProblemException {
  constructor(field: 'email' | 'phone' | 'lead') {
    super(HttpStatus.CONFLICT, 'duplicate_lead', 'Another open lead has the same contact details', {
      detail: 'Open leads are unique per email and per phone; archive or merge the other lead first.',
      extensions: { field },
    });
  }
}

export class BulkTargetException extends ProblemException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'bulk_target_required', 'Give either ids or filter', {
      errors: [{ field: 'ids', message: 'exactly one of ids and filter is required' }],
    });
  }
}

export const leadEtag = (version: number): string => `"${version}"`;
