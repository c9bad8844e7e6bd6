import type { Principal } from '../../../common/auth/principal';
import { ProblemException } from '../../../common/problem/problem.exception';
import { HttpStatus } from '@nestjs/common';
import type { LeadFilter } from '../lead-list-query';
import type { LeadFilterQueryDto } from './dto/list-leads-query.dto';

export class AssigneeMeNeedsUserException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'assignee_me_needs_user';

  constructor() {
    super(AssigneeMeNeedsUserException.status, AssigneeMeNeedsUserException.code, 'assignee=me needs a user', {
      detail: 'An API key is not a person; filter by a user id instead.',
      errors: [{ field: 'assignee', message: 'me is only available to signed-in users' }],
    });
  }
}

// The validated query or body filter as the SQL builder takes it; `assignee=me` becomes the caller.
export function toLeadFilter(dto: LeadFilterQueryDto, principal: Principal): LeadFilter {
  let assignee = dto.assignee;
  if (assignee === 'me') {
    if (principal.kind !== 'user') throw new AssigneeMeNeedsUserException();
    assignee = principal.userId;
  }
  return {
    status: dto.status,
    priority: dto.priority,
    type: dto.type,
    source: dto.source,
    tag: dto.tag,
    assignee,
    q: dto.q?.trim() || undefined,
    createdFrom: dto.createdFrom ? new Date(dto.createdFrom) : undefined,
    createdTo: dto.createdTo ? new Date(dto.createdTo) : undefined,
    slaBreached: dto.slaBreached,
    includeDeleted: dto.includeDeleted,
    scoreMin: dto.scoreMin,
    followUp: dto.followUp ? { when: dto.followUp, timeZone: dto.tz ?? 'UTC' } : undefined,
    emailVerdict: dto.emailVerdict,
    phoneLineType: dto.phoneLineType,
  };
}

// The filter as the caller gave it, without unset fields: what the audit log records.
export function describeFilter(dto: LeadFilterQueryDto): Record<string, unknown> {
  return Object.fromEntries(Object.entries(dto).filter(([key, value]) => value !== undefined && !['sort', 'limit', 'cursor', 'format'].includes(key)));
}
