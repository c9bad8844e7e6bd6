// One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one, and intake
// asks for the minute of every lead routed by rules.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (formatters.size > 1_000) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// Minutes since midnight of `at` in an IANA time zone.
export function minuteOfDay(at: Date, timeZone: string): number {
  const parts = formatterOf(timeZone).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
