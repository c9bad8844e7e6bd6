import type { Role } from '@/lib/api/get-roles';
import type { User } from '../api/get-users';

export type Protection = 'self' | 'last-owner';

// Mirrors the API's answers (cannot_modify_self, last_owner), so the controls are off before anyone tries.
export const PROTECTION_MESSAGES: Record<Protection, { short: string; full: string }> = {
  'last-owner': {
    short: 'Last owner',
    full: 'The workspace needs at least one active owner: make another user an owner first.',
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

export function protectionOf(user: User, currentUserId: string, lastOwnerId: string | undefined): Protection | undefined {
  // The owner looking at their own row learns the reason that holds for everyone: they are the last owner.
  if (user.id === lastOwnerId) return 'last-owner';
  if (user.id === currentUserId) return 'self';
  return undefined;
}
