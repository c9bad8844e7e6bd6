import type { Schemas } from '@hotleads/api-client';
import type { Permission } from '@hotleads/shared';

type LeadDto = Schemas['LeadDto'];

export interface LeadAccess {
  // Fields, status, activities: leads:write on a lead that is out of the trash and unassigned, the user's own,
  // or anyone's with leads:assign (the API's rule for agents).
  edit: boolean;
  // Dated notes need leads:write only, on any lead out of the trash.
  note: boolean;
  claim: boolean;
  release: boolean;
  // Assign to anyone from a list (needs the user list, which users:manage may read), or to oneself.
  pickAssignee: boolean;
  assignSelf: boolean;
  delete: boolean;
  restore: boolean;
  // Why the user may read but not change it, when that is the case.
  readOnlyReason: string | null;
}

export function leadAccess(lead: LeadDto, permissions: ReadonlySet<Permission>, userId: string): LeadAccess {
  const inTrash = lead.deletedAt !== null;
  const write = permissions.has('leads:write');
  const assignAny = permissions.has('leads:assign');
  const mineOrFree = lead.assigneeId === null || lead.assigneeId === userId;
  const edit = write && !inTrash && (assignAny || mineOrFree);
  const readOnlyReason = !write
    ? 'You can view this lead but not change it.'
    : inTrash
      ? null
      : !edit
        ? 'This lead is assigned to someone else: only they or a manager can change it.'
        : null;
  return {
    edit,
    note: write && !inTrash,
    claim: write && !inTrash && lead.assigneeId === null,
    release: write && !inTrash && lead.assigneeId !== null && (lead.assigneeId === userId || assignAny),
    pickAssignee: edit && assignAny && permissions.has('users:manage'),
    assignSelf: edit && assignAny && lead.assigneeId !== null && lead.assigneeId !== userId,
    delete: permissions.has('leads:delete') && !inTrash && (assignAny || mineOrFree),
    restore: permissions.has('leads:delete') && inTrash,
    readOnlyReason,
  };
}
