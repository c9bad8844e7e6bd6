import { mayManageHolderOf, type Grantor } from '@hotleads/shared';
import type { Role } from '@/lib/api/get-roles';
import type { User } from '../api/get-users';

export type Protection = 'self' | 'last-owner' | 'owner-only' | 'holds-more';

// Mirrors the API's answers (cannot_modify_self, last_owner, manage_not_allowed), so the controls are off before anyone tries.
export const PROTECTION_MESSAGES: Record<Protection, { short: string; full: string }> = {
  'last-owner': {
    short: 'Last owner',
    full: 'The workspace needs at least one active owner: make another user an owner first.',
  },
  'owner-only': {
    short: 'Owner',
    full: 'Only an owner can change the role of, disable or delete an owner.',
  },
  'holds-more': {
    short: 'Holds more than you',
    full: 'This user holds permissions you do not hold yourself: only an owner can change their role, disable or delete them.',
  },
  self: {
    short: 'Your account',
    full: 'You cannot change the role of, disable or delete your own account; ask another user who manages users.',
  },
};

interface OwnerFacts {
  ownerRole: Role | undefined;
  // Every user of the workspace when the whole unfiltered list is loaded; undefined otherwise.
  allUsers: readonly User[] | undefined;
}

// The one active owner whose demotion, disabling or deletion the API would refuse, when that can be told from
// what is loaded. Otherwise undefined, and the API's own answer explains a refusal.
export function lastActiveOwnerId({ ownerRole, allUsers }: OwnerFacts, loaded: readonly User[]): string | undefined {
  if (!ownerRole) return undefined;
  const owners = (allUsers ?? loaded).filter((user) => user.roleId === ownerRole.id && user.status === 'active');
  // The role's count includes invited and disabled holders: with one holder in all, that one is the last.
  if (ownerRole.userCount === 1) return owners[0]?.id;
  return allUsers && owners.length === 1 ? owners[0]!.id : undefined;
}

// `role` is the user's role and `grantor` the signed-in user, judged by the same rule as the API
// (@hotleads/shared): nobody acts on someone who holds more than they do.
export function protectionOf(user: User, currentUserId: string, lastOwnerId: string | undefined, grantor?: Grantor, role?: Role): Protection | undefined {
  // The owner looking at their own row learns the reason that holds for everyone: they are the last owner.
  if (user.id === lastOwnerId) return 'last-owner';
  if (user.id === currentUserId) return 'self';
  if (grantor && role && !mayManageHolderOf(grantor, role)) return role.key === 'owner' ? 'owner-only' : 'holds-more';
  return undefined;
}
