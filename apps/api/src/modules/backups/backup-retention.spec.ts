import { backupsToDelete } from './backup-retention';

const at = (iso: string) => ({ name: iso, createdAt: new Date(iso) });

describe('backup retention', () => {
  it('keeps the newest of the last N days and of the last M ISO weeks', () => {
    // Two a day for 30 days, ending Sunday 2026-12-06.
    const all = [];
    for (let d = 0; d < 30; d++) {
      const day = new Date(Date.UTC(2026, 11, 6 - d));
      all.push(at(new Date(day.getTime() + 3 * 3600_000).toISOString()), at(new Date(day.getTime() + 15 * 3600_000).toISOString()));
    }
    const deleted = new Set(backupsToDelete(all, 7, 4).map((b) => b.name));
    const kept = all.filter((b) => !deleted.has(b.name)).map((b) => b.name).sort();
    expect(kept).toEqual(
      [
        // Last 7 days, the afternoon one each.
        ...['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'].map((d) => `${d}T15:00:00.000Z`),
        // Sundays ending the three weeks before (the current week's is already kept).
        ...['2026-11-15', '2026-11-22', '2026-11-29'].map((d) => `${d}T15:00:00.000Z`),
      ].sort(),
    );
  });

  it('deletes nothing while there are fewer backups than kept', () => {
    expect(backupsToDelete([at('2026-12-01T00:00:00Z'), at('2026-12-02T00:00:00Z')], 7, 4)).toEqual([]);
  });
});
