import { buildLeadExportCopy } from './lead-export-sql';

const TENANT = '3f0c1a52-0000-4000-8000-000000000001';

describe('buildLeadExportCopy', () => {
  const filter = { status: ['unread' as const], tag: ['vip'], q: `o'brien`, createdFrom: new Date('2025-01-01T00:00:00Z'), slaBreached: false };

  it.each(['csv', 'json', 'ndjson'] as const)('writes one self-contained COPY for %s, every parameter inlined', (format) => {
    const sql = buildLeadExportCopy(TENANT, filter, format);
    expect(sql).toMatch(/^COPY \(SELECT .* ORDER BY l\.created_at, l\.id\) TO STDOUT WITH \(FORMAT csv, .*\)$/s);
    expect(sql).not.toMatch(/\$\d/);
    expect(sql).toContain(`l.tenant_id = '${TENANT}'::uuid`);
    expect(sql).toContain(`'%o''brien%'::text`);
  });

  it('has CSV keep a header row, and NDJSON use quote and delimiter characters JSON text cannot hold', () => {
    expect(buildLeadExportCopy(TENANT, {}, 'csv')).toMatch(/WITH \(FORMAT csv, HEADER true\)$/);
    expect(buildLeadExportCopy(TENANT, {}, 'ndjson')).toMatch(/WITH \(FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'\)$/);
  });
});
