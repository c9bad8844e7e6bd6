import type { UserStatus } from './user.entity';

export const USER_STATUSES = ['invited', 'active', 'disabled'] as const satisfies readonly UserStatus[];

// What an administrator may set; `invited` only ever comes from an invitation.
export const SETTABLE_USER_STATUSES = ['active', 'disabled'] as const satisfies readonly UserStatus[];
