import { dueAt } from './backups.service';

describe('backup schedule', () => {
  const at = (iso: string) => new Date(iso).getTime();

  it('finds the cron time of the last two minutes, the same one from every tick that sees it', () => {
    // Server time zone independent: "every day at minute 0 of every hour" fires on the hour everywhere.
    expect(dueAt('0 * * * *', at('2026-12-07T03:00:30Z'))).toBe(at('2026-12-07T03:00:00Z'));
    expect(dueAt('0 * * * *', at('2026-12-07T03:01:50Z'))).toBe(at('2026-12-07T03:00:00Z'));
    expect(dueAt('0 * * * *', at('2026-12-07T03:02:10Z'))).toBeUndefined();
    expect(dueAt('0 * * * *', at('2026-12-07T02:59:59Z'))).toBeUndefined();
  });
});
