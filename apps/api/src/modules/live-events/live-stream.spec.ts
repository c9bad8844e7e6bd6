import { Logger } from '@nestjs/common';
import type { LiveEventRow } from './live-events.repository';
import { LiveStream } from './live-stream';

const row = (id: string, ids: string[] = [`lead-${id}`]): LiveEventRow => ({ id, type: 'lead.created', lead_ids: ids, count: ids.length });

function streamOf(options: Partial<ConstructorParameters<typeof LiveStream>[0]> = {}) {
  const stream = new LiveStream({ tenantId: 't', heartbeatMs: 60_000, expiresAt: null, stillAllowed: async () => true, eventId: (id) => id, logger: new Logger('test'), ...options });
  let text = '';
  stream.body.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const frames = () => text.split('\n\n').filter(Boolean);
  return { stream, frames };
}

describe('LiveStream', () => {
  it('sends the replay, then what arrived while starting without what the replay already held', async () => {
    const { stream, frames } = streamOf();
    stream.push([row('11'), row('12')]);
    stream.start({ cursor: '12', resync: false, replay: [row('10'), row('11')] });
    stream.push([row('13')]);
    stream.close('shutdown');
    await new Promise((resolve) => stream.body.once('end', resolve));
    expect(frames()).toEqual([
      'retry: 3000',
      'event: ready\ndata: {"resumed":true}',
      'id: 10\nevent: lead.created\ndata: {"ids":["lead-10"],"count":1}',
      'id: 11\nevent: lead.created\ndata: {"ids":["lead-11"],"count":1}',
      'event: stats.changed\ndata: {"count":2}',
      'id: 12\nevent: lead.created\ndata: {"ids":["lead-12"],"count":1}',
      'event: stats.changed\ndata: {"count":1}',
      'id: 13\nevent: lead.created\ndata: {"ids":["lead-13"],"count":1}',
      'event: stats.changed\ndata: {"count":1}',
      'event: close\ndata: {"reason":"shutdown"}',
    ]);
  });

  it('announces delivery changes without a stats.changed of their own (they move no counter)', () => {
    const { stream, frames } = streamOf();
    stream.start({ cursor: '1', resync: false, replay: null });
    const delivery: LiveEventRow = { id: '2', type: 'delivery.changed', lead_ids: [], count: 3 };
    stream.push([delivery]);
    stream.push([{ ...delivery, id: '3', count: 1 }, row('4')]);
    expect(frames().slice(2)).toEqual([
      'id: 2\nevent: delivery.changed\ndata: {"ids":[],"count":3}',
      'id: 3\nevent: delivery.changed\ndata: {"ids":[],"count":1}',
      'id: 4\nevent: lead.created\ndata: {"ids":["lead-4"],"count":1}',
      'event: stats.changed\ndata: {"count":1}',
    ]);
    stream.destroy();
  });

  it('hands a new client the cursor, and tells it to resync when asked to before it started', () => {
    const { stream, frames } = streamOf();
    stream.push([row('5')]);
    stream.resync('7');
    stream.start({ cursor: '7', resync: false, replay: null });
    expect(frames()).toEqual(['retry: 3000', 'id: 7\nevent: ready\ndata: {"resumed":false}', 'event: resync\ndata: {}']);
    stream.destroy();
  });

  it('runs its cleanups once when the client goes away, whatever comes after', async () => {
    const { stream } = streamOf();
    const cleanup = jest.fn();
    stream.onClose(cleanup);
    stream.start({ cursor: '1', resync: false, replay: null });
    stream.body.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    stream.push([row('2')]);
    stream.close('revoked');
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('closes with token_expired when the access token runs out, and with revoked when the credential no longer holds', async () => {
    jest.useFakeTimers();
    try {
      const expiring = streamOf({ expiresAt: new Date(Date.now() + 5_000) });
      expiring.stream.start({ cursor: '1', resync: false, replay: null });
      let allowed = true;
      const revoked = streamOf({ heartbeatMs: 1_000, stillAllowed: async () => allowed });
      revoked.stream.start({ cursor: '1', resync: false, replay: null });
      await jest.advanceTimersByTimeAsync(1_000);
      expect(revoked.frames().at(-1)).toBe(': ping');
      allowed = false;
      await jest.advanceTimersByTimeAsync(1_000);
      expect(revoked.frames().at(-1)).toBe('event: close\ndata: {"reason":"revoked"}');
      await jest.advanceTimersByTimeAsync(3_000);
      expect(expiring.frames().at(-1)).toBe('event: close\ndata: {"reason":"token_expired"}');
    } finally {
      jest.useRealTimers();
    }
  });
});
