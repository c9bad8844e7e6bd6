import { parseMapping, resolveColumns, rowToLeadInput } from './import-mapping';

describe('import mapping', () => {
  it('maps headers named like a field, whatever their case, spaces or hyphens', () => {
    const { columns } = resolveColumns(['E-Mail', 'Source Ref', 'quality_score', 'Notes'], {});
    expect(columns).toEqual(['email', 'sourceRef', 'qualityScore', null]);
  });

  it('uses an explicit mapping as given and reports columns the file lacks', () => {
    expect(resolveColumns(['Mail', 'Who'], { Mail: 'email', Firm: 'company' })).toEqual({ columns: ['email', null], missing: ['Firm'] });
  });

  it('refuses a mapping that is not an object of known fields', () => {
    expect(parseMapping('[]')).toEqual({ errors: [{ field: 'mapping', message: 'mapping must be a JSON object' }] });
    expect(parseMapping('{')).toEqual({ errors: [{ field: 'mapping', message: 'mapping must be a JSON object' }] });
    expect(parseMapping('{"a":"status"}')).toEqual({ errors: [{ field: 'mapping.a', message: expect.stringContaining('must be one of') }] });
    expect(parseMapping('{"a":"email"}')).toEqual({ mapping: { a: 'email' } });
  });

  it('turns a row into lead input: blanks absent, tags split, numbers and enums read', () => {
    const columns = ['name', 'email', 'tags', 'qualityScore', 'priority', 'type'] as const;
    expect(rowToLeadInput([...columns], ['  Ada ', '', 'a|b, c', '42', 'HIGH', 'Contact'])).toEqual({
      name: 'Ada',
      tags: ['a', 'b', ' c'],
      qualityScore: 42,
      priority: 'high',
      type: 'contact',
    });
  });
});
