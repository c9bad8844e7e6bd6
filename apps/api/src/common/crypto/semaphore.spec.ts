import { Semaphore } from './semaphore';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// Lets every already-settled continuation run.
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('never runs more than its size at once, and runs all queued work', async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        semaphore.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 1 + (i % 4)));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(semaphore.pending).toBe(0);
    expect(semaphore.running).toBe(0);
  });

  it('starts queued work in arrival order and reports what is waiting', async () => {
    const semaphore = new Semaphore(1);
    const gate = deferred();
    const started: number[] = [];
    const first = semaphore.run(async () => {
      started.push(0);
      await gate.promise;
    });
    const rest = [1, 2, 3].map((n) => semaphore.run(async () => void started.push(n)));
    await flush();
    expect(started).toEqual([0]);
    expect(semaphore.pending).toBe(3);
    gate.resolve();
    await Promise.all([first, ...rest]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(semaphore.pending).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      semaphore.run(() => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
    expect(semaphore.running).toBe(0);
  });

  it('refuses a size below one', () => {
    expect(() => new Semaphore(0)).toThrow('semaphore size must be a positive integer, got 0');
    expect(() => new Semaphore(1.5)).toThrow('semaphore size must be a positive integer');
  });
});
