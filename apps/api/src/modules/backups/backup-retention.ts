// Which backups to keep: the newest of each of the last `daily` days that have one, and the newest of each
// of the last `weekly` ISO weeks that have one (a kept daily may also be the weekly). Everything else goes.
// Days and weeks are UTC, so the answer does not depend on the server's time zone.
export interface Dated {
  name: string;
  createdAt: Date;
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);

function weekKey(d: Date): string {
  // ISO week: the week's Thursday decides the year.
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${week}`;
}

export function backupsToDelete<T extends Dated>(backups: T[], keepDaily: number, keepWeekly: number): T[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keep = new Set<T>();
  const pick = (key: (d: Date) => string, count: number) => {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      const k = key(b.createdAt);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(b);
    }
  };
  pick(dayKey, keepDaily);
  pick(weekKey, keepWeekly);
  return newestFirst.filter((b) => !keep.has(b));
}
