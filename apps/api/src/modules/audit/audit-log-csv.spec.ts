import { auditCsvHeader, auditCsvRow, csvCell } from './audit-log-csv';
import type { AuditLogDto } from './dto/audit-log.dto';

describe('audit CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=cmd()')).toBe("'=cmd()");
    expect(csvCell('+1+2')).toBe("'+1+2");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('writes a stable header and one line per entry', () => {
    expect(auditCsvHeader()).toBe(
      'id,created_at,actor_type,actor_id,actor_label,action,resource_type,resource_id,outcome,ip,user_agent,request_id,changes,metadata\r\n',
    );
    const row: AuditLogDto = {
      id: '0b7c1f64-5d0e-4c53-9d6a-2f7f3b1e8a90',
      createdAt: new Date('2026-01-02T03:04:05.678Z'),
      actorType: 'user',
      actorId: null,
      actorLabel: 'a@example.com',
      actorName: null,
      action: 'settings.update',
      resourceType: 'tenant',
      resourceId: 'x',
      outcome: 'success',
      ip: '127.0.0.1',
      userAgent: null,
      requestId: 'r1',
      changes: { name: { from: 'A', to: 'B' } },
      metadata: null,
    };
    expect(auditCsvRow(row)).toBe(
      '0b7c1f64-5d0e-4c53-9d6a-2f7f3b1e8a90,2026-01-02T03:04:05.678Z,user,,a@example.com,settings.update,tenant,x,success,127.0.0.1,,r1,"{""name"":{""from"":""A"",""to"":""B""}}",\r\n',
    );
  });
});
