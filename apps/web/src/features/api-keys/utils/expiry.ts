// How long a new key lasts: a preset number of days, never, or until the end of a chosen day.
export const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
  { value: 'date', label: 'Date' },
] as const;

export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]['value'];

const DAY_MS = 24 * 60 * 60 * 1000;

export type ExpiryResult = { expiresAt: string | undefined } | { error: string };

// `date` is the picker's YYYY-MM-DD; the key then works until the end of that day, local time.
export function expiresAtOf(choice: ExpiryChoice, date: string | null, now = new Date()): ExpiryResult {
  if (choice === 'never') return { expiresAt: undefined };
  if (choice !== 'date') return { expiresAt: new Date(now.getTime() + Number(choice) * DAY_MS).toISOString() };
  if (!date) return { error: 'Pick the day the key stops working' };
  const end = new Date(`${date}T23:59:59.999`);
  if (Number.isNaN(end.getTime())) return { error: 'Pick a valid day' };
  if (end.getTime() <= now.getTime()) return { error: 'The day must be in the future' };
  return { expiresAt: end.toISOString() };
}
