import { parseFormBody } from './form-body';
import { honeypotFilled, parseSubmission, redirectOf } from './submission-fields';

describe('parseSubmission', () => {
  it('splits person fields, UTM parameters, redirect and extra fields', () => {
    const result = parseSubmission(
      { name: 'Ada', email: 'ada@example.com', utm_source: 'mail', _redirect: 'https://x.example/thanks', _hp: '', priority: 'urgent', answers: ['a', 'b'] },
      { utm_source: 'query', utm_term: 'leads' },
    );
    expect(result).toEqual({
      submission: {
        consent: false,
        input: { name: 'Ada', email: 'ada@example.com' },
        redirect: 'https://x.example/thanks',
        utm: { source: 'mail', term: 'leads' },
        // A visitor cannot set the lead's priority: it is kept as what they sent, nothing more.
        fields: { priority: 'urgent', answers: ['a', 'b'] },
      },
    });
  });

  it('takes one value of a repeated person field and refuses several', () => {
    expect(parseSubmission({ email: ['a@example.com'] }, {})).toEqual({ submission: expect.objectContaining({ input: { email: 'a@example.com' } }) });
    expect(parseSubmission({ email: ['a@example.com', 'b@example.com'] }, {})).toEqual({ errors: [{ field: 'email', message: 'email must be a single text value' }] });
  });

  it('bounds extra fields in number, name and size', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'v']));
    expect(parseSubmission(many, {})).toEqual({ errors: [{ field: 'fields', message: 'at most 50 additional fields' }] });
    expect(parseSubmission({ ['k'.repeat(101)]: 'v' }, {})).toEqual({ errors: [expect.objectContaining({ message: 'field names must be at most 100 characters' })] });
    expect(parseSubmission({ notes: 'x'.repeat(2001) }, {})).toEqual({ errors: [{ field: 'notes', message: 'notes must be at most 2000 characters' }] });
  });

  it('refuses a body that is not an object', () => {
    expect(parseSubmission(['a'], {})).toEqual({ errors: [expect.objectContaining({ field: '' })] });
    expect(parseSubmission(undefined, {})).toEqual({ submission: { input: {}, redirect: null, utm: {}, fields: {}, consent: false } });
  });
});

describe('honeypotFilled and redirectOf', () => {
  it('sees a honeypot with any content as filled', () => {
    expect(honeypotFilled({ _hp: 'x' })).toBe(true);
    expect(honeypotFilled({ _hp: ['x'] })).toBe(true);
    expect(honeypotFilled({ _hp: '' })).toBe(false);
    expect(honeypotFilled({})).toBe(false);
    expect(honeypotFilled('text')).toBe(false);
  });

  it('reads a single redirect value only', () => {
    expect(redirectOf({ _redirect: 'https://x.example' })).toBe('https://x.example');
    expect(redirectOf({ _redirect: ['https://a.example', 'https://b.example'] })).toBeNull();
    expect(redirectOf({ _redirect: 'https://x.example/' + 'a'.repeat(2000) })).toBeNull();
  });
});

describe('parseFormBody', () => {
  it('decodes fields, keeps repeated keys as arrays and treats __proto__ as a field', () => {
    const body = parseFormBody('name=Ada+L&tag=a&tag=b&tag=c&__proto__=x&empty=');
    expect({ ...body }).toEqual({ name: 'Ada L', tag: ['a', 'b', 'c'], ['__proto__']: 'x', empty: '' });
    expect(Object.getPrototypeOf(body)).toBeNull();
    const parsed = parseSubmission(parseFormBody('email=a%40example.com&__proto__=x&__proto__=y'), {});
    expect('submission' in parsed && JSON.stringify(parsed.submission.fields)).toBe('{"__proto__":["x","y"]}');
  });
  it('reads a ticked consent checkbox, which is not kept as an extra field', () => {
    for (const ticked of [true, 'on', 'Yes', '1']) {
      const result = parseSubmission({ name: 'Ada', consent: ticked }, {});
      expect(result).toEqual({ submission: expect.objectContaining({ consent: true, fields: {} }) });
    }
    expect(parseSubmission({ name: 'Ada', consent: 'no' }, {})).toEqual({ submission: expect.objectContaining({ consent: false }) });
  });
});
