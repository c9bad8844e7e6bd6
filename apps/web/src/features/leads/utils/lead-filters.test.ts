import { describe, expect, it } from 'vitest';
import {
  countActiveFilters,
  DEFAULT_LEAD_FILTERS,
  normaliseLeadFilters,
  parseLeadFilters,
  serialiseLeadFilters,
  toFilterBody,
  toListQuery,
  type LeadFilters,
} from './lead-filters';

const USER_ID = '0b6f1a52-2c1e-4a3b-9d0e-7f7d7a1c2b3e';

describe('lead filters in the URL', () => {
  it('reads an empty query as the defaults and writes the defaults as an empty query', () => {
    expect(parseLeadFilters('')).toEqual(DEFAULT_LEAD_FILTERS);
    expect(serialiseLeadFilters(DEFAULT_LEAD_FILTERS)).toBe('');
  });

  it('round-trips every filter through the query string', () => {
    const filters: LeadFilters = {
      status: ['unread', 'processing'],
      priority: ['high', 'urgent'],
      type: ['contact'],
      source: ['api', 'web form'],
      tag: ['vip', 'q3 campaign'],
      assignee: USER_ID,
      q: 'acme & co',
      from: '2025-03-01',
      to: '2025-03-31',
      slaBreached: true,
      scoreMin: 40,
      followUp: 'overdue',
      emailVerdict: ['undeliverable', 'risky'],
      phoneLineType: ['mobile'],
      sort: '-priority',
    };
    const search = serialiseLeadFilters(filters);

    expect(search).toBe(
      'q=acme%20%26%20co&status=unread,processing&priority=high,urgent&type=contact&source=api,web%20form' +
        `&tag=q3%20campaign,vip&assignee=${USER_ID}&from=2025-03-01&to=2025-03-31&sla=breached&scoreMin=40&followUp=overdue&emailVerdict=undeliverable,risky&phoneLineType=mobile&sort=-priority`,
    );
    expect(parseLeadFilters(search)).toEqual({ ...filters, tag: ['q3 campaign', 'vip'] });
    expect(toFilterBody(filters)).toMatchObject({ emailVerdict: ['undeliverable', 'risky'], phoneLineType: ['mobile'] });
  });

  it('keeps a minimum score from 1 to 100 in the URL and the API query, and drops anything else', () => {
    const filters = parseLeadFilters('scoreMin=60&sort=-score');
    expect(filters).toMatchObject({ scoreMin: 60, sort: '-score' });
    expect(serialiseLeadFilters(filters)).toBe('scoreMin=60&sort=-score');
    expect(toListQuery(filters, { limit: 50 })).toMatchObject({ scoreMin: 60, sort: '-score' });
    expect(countActiveFilters(filters)).toBe(1);
    for (const bad of ['scoreMin=0', 'scoreMin=101', 'scoreMin=abc', 'scoreMin=4.5', 'scoreMin=']) expect(parseLeadFilters(bad).scoreMin).toBeNull();
  });

  it('sends the follow-up window with the viewer time zone where calendar days matter', () => {
    expect(parseLeadFilters('followUp=someday').followUp).toBeNull();
    expect(toFilterBody(parseLeadFilters('followUp=overdue'))).toEqual({ followUp: 'overdue' });
    const today = toFilterBody(parseLeadFilters('followUp=today'));
    expect(today.followUp).toBe('today');
    expect(today.tz).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(countActiveFilters(parseLeadFilters('followUp=none'))).toBe(1);
    expect(toListQuery(parseLeadFilters('sort=followUpAt'), { limit: 50 }).sort).toBe('followUpAt');
  });

  it('reads repeated parameters like comma-separated ones', () => {
    expect(parseLeadFilters('status=contacted&status=unread&tag=b&tag=a').status).toEqual(['unread', 'contacted']);
    expect(parseLeadFilters('status=contacted&status=unread&tag=b&tag=a').tag).toEqual(['a', 'b']);
  });

  it('gives the same filters for the same choice in any order, so the query key is stable', () => {
    expect(parseLeadFilters('priority=urgent,low&status=archived,unread')).toEqual(parseLeadFilters('status=unread,archived&priority=low,urgent'));
    expect(serialiseLeadFilters(parseLeadFilters('priority=urgent,low,urgent'))).toBe('priority=low,urgent');
  });

  it('drops unknown parameters and values it cannot use', () => {
    const filters = parseLeadFilters(
      'status=unread,nonsense&priority=extreme&type=spam&assignee=bob&from=2025-02-31&to=yesterday&sla=yes&sort=name&q=a&utm_source=x&emailVerdict=great&phoneLineType=cb',
    );

    expect(filters).toEqual({ ...DEFAULT_LEAD_FILTERS, status: ['unread'] });
    expect(serialiseLeadFilters(filters)).toBe('status=unread');
  });

  it('keeps free-text values within the API limits', () => {
    const tooLong = 'x'.repeat(51);
    const manyTags = Array.from({ length: 25 }, (_, i) => `t${String(i).padStart(2, '0')}`).join(',');

    expect(parseLeadFilters(`tag=${tooLong},ok, ,ok`).tag).toEqual(['ok']);
    expect(parseLeadFilters(`tag=${manyTags}`).tag).toHaveLength(20);
    expect(parseLeadFilters(`q=${'y'.repeat(201)}`).q).toBe('');
    expect(parseLeadFilters('q=%20%20two%20%20%20words%20').q).toBe('two words');
  });

  it('accepts me, none and user ids as the assignee', () => {
    expect(parseLeadFilters('assignee=me').assignee).toBe('me');
    expect(parseLeadFilters('assignee=NONE').assignee).toBe('none');
    expect(parseLeadFilters(`assignee=${USER_ID.toUpperCase()}`).assignee).toBe(USER_ID);
  });

  it('puts a reversed date range the right way round', () => {
    const filters = normaliseLeadFilters({ from: '2025-05-10', to: '2025-05-01' });
    expect([filters.from, filters.to]).toEqual(['2025-05-01', '2025-05-10']);
  });

  it('counts the active filters, not the sort', () => {
    expect(countActiveFilters(parseLeadFilters('sort=-priority'))).toBe(0);
    expect(countActiveFilters(parseLeadFilters('status=unread,processing&q=acme&from=2025-01-01&sla=breached'))).toBe(4);
  });
});

describe('lead filters for the API', () => {
  it('sends only what is set, with the date range as instants (the end exclusive)', () => {
    const filters = parseLeadFilters('status=unread&tag=vip&assignee=none&from=2025-03-01&to=2025-03-31&sla=breached');

    expect(toFilterBody(filters)).toEqual({
      status: ['unread'],
      tag: ['vip'],
      assignee: 'none',
      createdFrom: new Date(2025, 2, 1).toISOString(),
      createdTo: new Date(2025, 3, 1).toISOString(),
      slaBreached: true,
    });
  });

  it('adds the page and a non-default sort to the list query', () => {
    expect(toListQuery(parseLeadFilters(''), { limit: 50 })).toEqual({ limit: 50 });
    expect(toListQuery(parseLeadFilters('sort=respondBy&q=acme'), { limit: 200, cursor: 'abc' })).toEqual({
      q: 'acme',
      sort: 'respondBy',
      limit: 200,
      cursor: 'abc',
    });
  });
});
