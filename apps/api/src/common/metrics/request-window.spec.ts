import { RequestWindow } from './request-window';

describe('RequestWindow', () => {
  const bounds = [0.01, 0.1, 1];

  it('reports rate, 5xx share and the p95 bucket of the last 15 minutes', () => {
    let now = Date.UTC(2026, 11, 7, 7, 0, 30);
    const window = new RequestWindow(bounds, () => now);
    for (let i = 0; i < 90; i++) window.record(0.005, 200);
    for (let i = 0; i < 9; i++) window.record(0.05, 200);
    window.record(2, 503);
    const summary = window.summary();
    expect(summary.requests).toBe(100);
    expect(summary.errorRate).toBeCloseTo(0.01);
    // 95th of 100 falls among the 9 in (0.01, 0.1].
    expect(summary.p95Seconds).toBe(0.1);
    expect(summary.windowSeconds).toBe(14 * 60 + 30);
    expect(summary.requestsPerSecond).toBeCloseTo(100 / (14 * 60 + 30));

    // 15 minutes on, those requests have left the window.
    now += 15 * 60_000;
    window.record(0.5, 200);
    expect(window.summary()).toMatchObject({ requests: 1, errorRate: 0, p95Seconds: 1 });
  });

  it('says nothing about latency without requests, and reports the last bound for slower ones', () => {
    const now = Date.UTC(2026, 11, 7, 7, 0, 0);
    const window = new RequestWindow(bounds, () => now);
    expect(window.summary()).toMatchObject({ requests: 0, errorRate: 0, p95Seconds: null });
    window.record(30, 200);
    expect(window.summary().p95Seconds).toBe(1);
  });
});
