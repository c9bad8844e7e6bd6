import dayjs from 'dayjs';

// A follow-up is a day; it is stored as 9:00 local time on that day.
export const FOLLOW_UP_HOUR = 9;

export const followUpAtOfDay = (day: string | Date): string => dayjs(day).hour(FOLLOW_UP_HOUR).minute(0).second(0).millisecond(0).toISOString();

// The quick choices offered wherever a follow-up is set: [days from today, label].
export const FOLLOW_UP_OFFSETS: ReadonlyArray<readonly [number, string]> = [
  [1, 'Tomorrow'],
  [3, 'In 3 days'],
  [7, 'In a week'],
  [14, 'In 2 weeks'],
];

export const dayFromToday = (n: number) => dayjs().add(n, 'day').format('YYYY-MM-DD');
