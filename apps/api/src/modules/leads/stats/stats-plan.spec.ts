import { planRange, type DayPart } from './stats-plan';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-03-10T15:00:00Z');

// The rows of each day a plan counts, given rows by creation time: checks that a plan is exact.
function countWith(plan: DayPart[], rows: Date[]): number {
  const inRange = (from: Date, to: Date) => rows.filter((r) => r >= from && r < to).length;
  return plan.reduce((sum, part) => {
    const start = at(`${part.day}T00:00:00Z`);
    const end = new Date(start.getTime() + 86_400_000);
    return sum + (part.rollup ? inRange(start, end) : 0) + part.direct.reduce((s, d) => s + d.sign * inRange(d.range.from, d.range.to), 0);
  }, 0);
}

describe('planRange', () => {
  it('uses the rollup alone for whole days', () => {
    expect(planRange(at('2026-03-01T00:00:00Z'), at('2026-03-03T00:00:00Z'), NOW)).toEqual([
      { day: '2026-03-01', rollup: true, direct: [] },
      { day: '2026-03-02', rollup: true, direct: [] },
    ]);
  });

  it('counts the smaller side of a partial day directly', () => {
    const [first, , last] = planRange(at('2026-03-01T03:00:00Z'), at('2026-03-03T20:00:00Z'), NOW);
    // 03:00 -> 3 hours outside against 21 inside: rollup minus the outside part.
    expect(first).toEqual({ day: '2026-03-01', rollup: true, direct: [{ range: { from: at('2026-03-01T00:00:00Z'), to: at('2026-03-01T03:00:00Z') }, sign: -1 }] });
    // 20:00 -> 20 hours inside against 4 outside: rollup minus the 4 hours after.
    expect(last).toEqual({ day: '2026-03-03', rollup: true, direct: [{ range: { from: at('2026-03-03T20:00:00Z'), to: at('2026-03-04T00:00:00Z') }, sign: -1 }] });
    const [early] = planRange(at('2026-03-01T21:00:00Z'), at('2026-03-02T00:00:00Z'), NOW);
    expect(early).toEqual({ day: '2026-03-01', rollup: false, direct: [{ range: { from: at('2026-03-01T21:00:00Z'), to: at('2026-03-02T00:00:00Z') }, sign: 1 }] });
  });

  it('treats the time after now as free, so a period ending now subtracts the rest of today', () => {
    const [, today] = planRange(at('2026-03-09T15:00:00Z'), NOW, NOW);
    expect(today).toEqual({ day: '2026-03-10', rollup: true, direct: [{ range: { from: NOW, to: at('2026-03-11T00:00:00Z') }, sign: -1 }] });
  });

  it('is exact for any period over any rows', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const base = at('2026-02-20T00:00:00Z').getTime();
    const span = 25 * 86_400_000;
    const rows = Array.from({ length: 2_000 }, () => new Date(base + Math.floor(random() * span)));
    for (let i = 0; i < 200; i++) {
      const a = base + Math.floor(random() * span);
      const b = a + 1 + Math.floor(random() * (random() < 0.3 ? 86_400_000 : span));
      const [from, to] = [new Date(a), new Date(b)];
      const expected = rows.filter((r) => r >= from && r < to).length;
      expect(countWith(planRange(from, to, NOW), rows)).toBe(expected);
    }
  });
});
