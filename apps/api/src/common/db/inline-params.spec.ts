import { leadWhere } from '../../modules/leads/lead-list-query';
import { inlineParams } from './inline-params';

describe('inlineParams', () => {
  it('writes each cast parameter as a quoted literal of that type', () => {
    expect(inlineParams('a = $1::uuid AND b = ANY($2::text[])', ['3f0c1a52-0000-4000-8000-000000000001', ['unread', 'processing']])).toBe(
      `a = '3f0c1a52-0000-4000-8000-000000000001'::uuid AND b = ANY('{"unread","processing"}'::text[])`,
    );
  });

  it('tells $1 from $10 and $11', () => {
    const params = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
    expect(inlineParams('$1::text, $10::text, $11::text', params)).toBe(`'v1'::text, 'v10'::text, 'v11'::text`);
  });

  it('doubles quotes and escapes backslashes, so a value never ends its literal', () => {
    expect(inlineParams('x = $1::text', [`o'brien`])).toBe(`x = 'o''brien'::text`);
    expect(inlineParams('x = $1::text', [`a\\'); drop table leads; --`])).toBe(`x =  E'a\\\\''); drop table leads; --'::text`);
  });

  it('quotes array elements so commas, quotes and braces stay inside them', () => {
    expect(inlineParams('t @> $1::text[]', [['a,b', 'c"d', '{e}']])).toBe(`t @>  E'{"a,b","c\\\\"d","{e}"}'::text[]`);
  });

  it('writes null and undefined as NULL and dates in PostgreSQL form', () => {
    expect(inlineParams('$1::text, $2::text', [null, undefined])).toBe('NULL::text, NULL::text');
    expect(inlineParams('$1::timestamptz', [new Date('2025-03-01T10:00:00.000Z')])).toMatch(/^'2025-03-01T\d\d:\d\d:00\.000[+-]\d\d:\d\d'::timestamptz$/);
  });

  it('refuses a parameter without a cast, a missing value and a NUL character', () => {
    expect(() => inlineParams('x = $1', ['a'])).toThrow(/no cast/);
    expect(() => inlineParams('x = $2::text', ['a'])).toThrow(/no value/);
    expect(() => inlineParams('x = $1::text', ['a\u0000b'])).toThrow(RangeError);
  });

  it('leaves no placeholder in a WHERE clause built from every filter', () => {
    const where = leadWhere('3f0c1a52-0000-4000-8000-000000000001', {
      status: ['unread'],
      priority: ['high'],
      type: ['contact'],
      source: ['api'],
      tag: ['vip'],
      assignee: '3f0c1a52-0000-4000-8000-000000000002',
      q: `50% o'brien`,
      createdFrom: new Date('2025-01-01T00:00:00Z'),
      createdTo: new Date('2025-02-01T00:00:00Z'),
      slaBreached: true,
    });
    const sql = inlineParams(where.sql, where.params);
    expect(sql).not.toMatch(/\$\d/);
    expect(sql).toContain(`E'%50\\\\% o''brien%'::text`);
    expect(sql).toContain(`'2025-01-01T00:00:00.000Z'::timestamptz`);
  });
});
