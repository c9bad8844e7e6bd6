import { canonicalJson } from './canonical-json';
import { LEAD_LIMITS, normaliseLead, normalisePhone, type LeadInput, type NormaliseResult } from './lead-input';

const ok = (result: NormaliseResult) => {
  if ('errors' in result) throw new Error(`expected a lead, got ${JSON.stringify(result.errors)}`);
  return result.lead;
};
const errorsOf = (result: NormaliseResult) => ('errors' in result ? result.errors : []);

describe('normaliseLead', () => {
  const defaults = { source: 'api' };

  it('trims, lower-cases the email and fills the defaults', () => {
    const lead = ok(normaliseLead({ name: '  Ada Lovelace ', email: '  Ada@Example.COM ', company: '' }, defaults));
    expect(lead).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', company: null, type: 'contact', priority: 'medium', source: 'api', tags: [], metadata: {}, formId: null });
  });

  it('writes phones in E.164 from international and 00 forms, or with the given country', () => {
    expect(ok(normaliseLead({ phone: '+44 20 7946 0958' }, defaults)).phone).toBe('+442079460958');
    expect(ok(normaliseLead({ phone: '0044 20 7946 0958' }, defaults)).phone).toBe('+442079460958');
    const national = ok(normaliseLead({ phone: '020 7946 0958', country: 'gb' }, defaults));
    expect(national.phone).toBe('+442079460958');
    expect(national.metadata.country).toBe('GB');
  });

  it('keeps an unreadable phone in metadata.rawPhone, which still counts as contact', () => {
    const lead = ok(normaliseLead({ phone: '020 7946 0958' }, defaults));
    expect(lead.phone).toBeNull();
    expect(lead.metadata.rawPhone).toBe('020 7946 0958');
    expect(normalisePhone('call me maybe')).toBeNull();
  });

  it('requires an email or a phone', () => {
    expect(errorsOf(normaliseLead({ name: 'Nobody' }, defaults))).toEqual([{ field: 'email', message: 'at least one of email or phone is required' }]);
    expect(errorsOf(normaliseLead({ email: '   ', phone: '' }, defaults))).toHaveLength(1);
  });

  it('reports every invalid field at once instead of throwing', () => {
    const input = { email: 'not-an-email', name: 'x'.repeat(LEAD_LIMITS.name + 1), qualityScore: 101, type: 'nope', priority: 'asap', country: 'Narnia', metadata: [] };
    const fields = errorsOf(normaliseLead(input as unknown as LeadInput, defaults)).map((e) => e.field);
    expect(fields.sort()).toEqual(['country', 'email', 'metadata', 'name', 'priority', 'qualityScore', 'type']);
    expect(errorsOf(normaliseLead(42 as unknown as LeadInput, defaults))).toHaveLength(1);
  });

  it('merges default and given tags without case duplicates, within the limits', () => {
    const lead = ok(normaliseLead({ email: 'a@example.com', tags: [' VIP ', 'vip', 'web', ''] }, { ...defaults, tags: ['Web', 'form'] }));
    expect(lead.tags).toEqual(['Web', 'form', 'VIP']);
    const many = Array.from({ length: LEAD_LIMITS.tags + 1 }, (_, i) => `t${i}`);
    expect(errorsOf(normaliseLead({ email: 'a@example.com', tags: many }, defaults))[0].field).toBe('tags');
    expect(errorsOf(normaliseLead({ email: 'a@example.com', tags: ['x'.repeat(LEAD_LIMITS.tag + 1)] }, defaults))[0].field).toBe('tags');
  });

  it('lets captured metadata win over what the submitter sent', () => {
    const lead = ok(normaliseLead({ email: 'a@example.com', metadata: { ip: 'forged', plan: 'pro' } }, { ...defaults, metadata: { ip: '203.0.113.9' }, formId: 'f1' }));
    expect(lead.metadata).toEqual({ ip: '203.0.113.9', plan: 'pro' });
    expect(lead.formId).toBe('f1');
  });

  it('bounds the metadata size', () => {
    const result = normaliseLead({ email: 'a@example.com', metadata: { blob: 'x'.repeat(LEAD_LIMITS.metadata) } }, defaults);
    expect(errorsOf(result)[0].field).toBe('metadata');
  });
});

describe('canonicalJson', () => {
  it('ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: undefined } })).toBe(canonicalJson({ a: { d: [2, { x: 2, y: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
