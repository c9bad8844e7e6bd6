import { conversionRate } from '@hotleads/shared';
import { describe, expect, it } from 'vitest';
import { dailyBySource, statusFunnel } from './chart-data';

describe('dailyBySource', () => {
  it('gives each source a safe key and colour, biggest first, with zeros filled in', () => {
    const { sources, rows } = dailyBySource([
      { day: '2026-03-01', bySource: { form: 2, 'crm.hubspot': 1 }, total: 3 },
      { day: '2026-03-02', bySource: { form: 3 }, total: 3 },
      { day: '2026-03-03', bySource: {}, total: 0 },
    ]);
    expect(sources).toEqual([
      { key: 's0', source: 'form', label: 'Forms', color: 'flame.6', total: 5 },
      { key: 's1', source: 'crm.hubspot', label: 'Crm.hubspot', color: 'blue.6', total: 1 },
    ]);
    expect(rows).toEqual([
      { day: '2026-03-01', label: 'Mar 1', total: 3, s0: 2, s1: 1 },
      { day: '2026-03-02', label: 'Mar 2', total: 3, s0: 3, s1: 0 },
      { day: '2026-03-03', label: 'Mar 3', total: 0, s0: 0, s1: 0 },
    ]);
  });

  it('sums the smallest sources as "Other" past the colours it has', () => {
    const { sources, rows } = dailyBySource([{ day: '2026-03-01', bySource: { a: 5, b: 4, c: 3, d: 1 }, total: 13 }], 3);
    expect(sources.map((s) => [s.key, s.label, s.total])).toEqual([
      ['s0', 'A', 5],
      ['s1', 'B', 4],
      ['other', 'Other', 4],
    ]);
    expect(rows[0]).toMatchObject({ s0: 5, s1: 4, other: 4 });
  });
});

describe('statusFunnel', () => {
  it('counts every lead at a stage or beyond, archived aside, as shares of all the leads created', () => {
    const { stages, archived } = statusFunnel({ unread: 4, processing: 3, contacted: 2, qualified: 0, converted: 1, archived: 10 });
    expect(stages.map((s) => [s.status, s.current, s.reached, s.share])).toEqual([
      ['unread', 4, 10, 0.5],
      ['processing', 3, 6, 0.3],
      ['contacted', 2, 3, 0.15],
      ['qualified', 0, 1, 0.05],
      // The conversion rate: converted ÷ leads created.
      ['converted', 1, 1, conversionRate(1, 20)],
    ]);
    expect(archived).toBe(10);
    expect(stages.map((s) => s.label)).toEqual(['Received', 'Processing', 'Contacted', 'Qualified', 'Converted']);
  });

  it('has no shares without leads, and zero shares when every lead is archived', () => {
    expect(statusFunnel({}).stages.every((s) => s.reached === 0 && s.share === null)).toBe(true);
    expect(statusFunnel({ archived: 2 }).stages.every((s) => s.reached === 0 && s.share === 0)).toBe(true);
  });
});
