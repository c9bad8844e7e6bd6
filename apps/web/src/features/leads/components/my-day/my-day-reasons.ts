import type { MyDayReason } from '../../api/get-my-day';
import { relativeTime } from '../leads-table/relative-time';

export const MY_DAY_TITLES: Record<MyDayReason, string> = {
  follow_up_overdue: 'Overdue follow-ups',
  follow_up_today: 'Follow-ups due today',
  unread: 'New leads assigned to you',
  response_due: 'First response due',
};

// The list filter that shows every lead of a section (when the day lists only the first ones).
export const MY_DAY_LIST_SEARCH: Record<MyDayReason, string> = {
  follow_up_overdue: 'assignee=me&followUp=overdue&sort=followUpAt',
  follow_up_today: 'assignee=me&followUp=today&sort=followUpAt',
  unread: 'assignee=me&status=unread&sort=createdAt',
  response_due: 'assignee=me&status=unread,processing&sort=respondBy',
};

// Why a lead is on the day, in words: "Follow-up was due 2h ago", "First response due in 12m".
export function reasonText(reason: MyDayReason, dueAt: string | null, now: number): string {
  const when = dueAt ? relativeTime(dueAt, now) : '';
  const past = dueAt !== null && Date.parse(dueAt) < now;
  switch (reason) {
    case 'follow_up_overdue':
      return `Follow-up was due ${when}`;
    case 'follow_up_today':
      return `Follow-up due ${when}`;
    case 'unread':
      return `Assigned to you, not opened yet · arrived ${when}`;
    case 'response_due':
      return past ? `First response overdue since ${when.replace(/ ago$/, '')}` : `First response due ${when}`;
  }
}
