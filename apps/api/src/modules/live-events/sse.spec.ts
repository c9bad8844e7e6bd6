import { sseComment, sseEvent, sseRetry } from './sse';

describe('SSE framing', () => {
  it('writes an event with its id, name and one line of JSON', () => {
    expect(sseEvent('lead.created', { ids: ['a'], count: 1 }, '42')).toBe('id: 42\nevent: lead.created\ndata: {"ids":["a"],"count":1}\n\n');
  });

  it('leaves the id out when there is none, and keeps data on one line', () => {
    expect(sseEvent('stats.changed', { note: 'two\nlines' })).toBe('event: stats.changed\ndata: {"note":"two\\nlines"}\n\n');
  });

  it('writes comments and the retry hint on lines of their own', () => {
    expect(sseComment('ping\nx')).toBe(': ping x\n\n');
    expect(sseRetry(3000.4)).toBe('retry: 3000\n\n');
  });
});
