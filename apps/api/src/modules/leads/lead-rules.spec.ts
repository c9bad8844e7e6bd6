import type { LeadStatus } from '@hotleads/shared';
import { Client } from 'pg';
import { testAdminUrl } from '../../../test/support/test-env';
import { isSlaBreached, mergeTags, mergeTagsSql, normaliseTags, predecessorsOf, respondBy, slaBreachedSql } from './lead-rules';

describe('lead rules', () => {
  describe('tags', () => {
    it('trims, drops blanks and case duplicates, keeping the first spelling and the order', () => {
      expect(normaliseTags([' VIP ', '', 'vip', 'Spring', '  ', 'SPRING', 'b2b'])).toEqual(['VIP', 'Spring', 'b2b']);
    });

    it('merges new tags after the lead’s own, its spelling kept, and removes in any case', () => {
      expect(mergeTags(['VIP', 'Spring'], ['vip', 'spring', 'Autumn'])).toEqual(['VIP', 'Spring', 'Autumn']);
      expect(mergeTags(['VIP', 'Spring'], ['new'], ['SPRING'])).toEqual(['VIP', 'new']);
    });
  });

  it('lifecycle: predecessors are the statuses that may move to the target', () => {
    expect(predecessorsOf('contacted')).toEqual(['processing']);
    expect(predecessorsOf('archived')).toEqual(['unread', 'processing', 'contacted', 'qualified', 'converted']);
  });

  it('SLA: due time from the priority target, the workspace setting first', () => {
    const created = new Date('2026-01-01T10:00:00Z');
    expect(respondBy(created, 'urgent').toISOString()).toBe('2026-01-01T10:15:00.000Z');
    expect(respondBy(created, 'low', { low: 30 }).toISOString()).toBe('2026-01-01T10:30:00.000Z');
  });

  // The SQL copies, run by PostgreSQL on the same samples as the TypeScript rule.
  describe('SQL copies agree with the TypeScript', () => {
    let client: Client;
    beforeAll(async () => {
      client = new Client({ connectionString: testAdminUrl() });
      await client.connect();
    });
    afterAll(async () => {
      await client.end();
    });

    it('mergeTagsSql', async () => {
      const samples: Array<[string[], string[], string[]]> = [
        [['VIP', 'Spring'], ['vip', 'spring', 'Autumn'], []],
        [[], ['a', 'A', 'b'], []],
        [['x', 'Y'], [], ['y']],
        [['Ä', 'ß'], ['ä', 'SS', 'new'], ['new']],
        [['one'], ['One', 'two'], ['ONE']],
      ];
      for (const [existing, added, removed] of samples) {
        const folded = removed.map((t) => t.toLowerCase());
        const { rows } = await client.query<{ tags: string[] }>(`SELECT ${mergeTagsSql('$1::text[]', '$2::text[]', '$3::text[]')} AS tags`, [existing, added, folded]);
        expect(rows[0].tags).toEqual(mergeTags(existing, added, removed));
      }
    });

    it('slaBreachedSql', async () => {
      const now = Date.now();
      const at = (minutes: number) => new Date(now + minutes * 60_000);
      const statuses: LeadStatus[] = ['unread', 'processing', 'contacted', 'qualified', 'converted', 'archived'];
      const samples = statuses.flatMap((status) =>
        [
          { firstContactedAt: null, respondBy: at(-10), deletedAt: null },
          { firstContactedAt: null, respondBy: at(10), deletedAt: null },
          { firstContactedAt: at(-5), respondBy: at(-10), deletedAt: null },
          { firstContactedAt: null, respondBy: null, deletedAt: null },
          { firstContactedAt: null, respondBy: at(-10), deletedAt: at(-1) },
        ].map((s) => ({ ...s, status })),
      );
      const { rows } = await client.query<{ breached: boolean | null }>(
        `SELECT coalesce(${slaBreachedSql('l')}, false) AS breached
         FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS l(first_contacted_at, respond_by, status, deleted_at, n)
         ORDER BY l.n`,
        [samples.map((s) => s.firstContactedAt), samples.map((s) => s.respondBy), samples.map((s) => s.status), samples.map((s) => s.deletedAt)],
      );
      expect(rows.map((r) => r.breached)).toEqual(samples.map((s) => isSlaBreached(s, now)));
      expect(rows.some((r) => r.breached)).toBe(true);
    });
  });
});
