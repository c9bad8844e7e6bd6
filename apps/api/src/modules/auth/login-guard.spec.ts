import { afterFailure, isLocked, LOCK_AFTER_FAILURES, MAX_FAILURES_PER_HOUR, type FailureState } from './login-guard';

const fresh: FailureState = { failedLoginCount: 0, lockedUntil: null, failureWindowStart: null, failureWindowCount: 0 };

describe('login lockout policy', () => {
  it('locks after five consecutive failures, for longer each time', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    let state: FailureState = fresh;
    for (let i = 1; i < LOCK_AFTER_FAILURES; i++) {
      state = afterFailure(state, now);
      expect(isLocked(state, now)).toBe(false);
    }
    const fifth = afterFailure(state, now);
    expect(fifth.lockStarted).toBe(true);
    expect(fifth.lockedUntil).toEqual(new Date('2026-01-01T00:01:00Z'));
    const later = new Date('2026-01-01T00:02:00Z');
    const sixth = afterFailure(fifth, later);
    expect(sixth.lockedUntil).toEqual(new Date('2026-01-01T00:04:00Z'));
  });

  it('caps lockouts at an hour', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const state = afterFailure({ ...fresh, failedLoginCount: 40, failureWindowStart: now, failureWindowCount: 1 }, now);
    expect(state.lockedUntil!.getTime() - now.getTime()).toBe(3_600_000);
  });

  it('allows at most 100 failures in an hour whatever the consecutive count', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-01-01T00:30:00Z');
    const state = afterFailure({ failedLoginCount: 0, lockedUntil: null, failureWindowStart: start, failureWindowCount: MAX_FAILURES_PER_HOUR - 1 }, now);
    expect(state.lockedUntil).toEqual(new Date('2026-01-01T01:00:00Z'));
  });

  it('starts a new window after an hour', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-01-01T01:00:01Z');
    const state = afterFailure({ ...fresh, failureWindowStart: start, failureWindowCount: 99 }, now);
    expect(state.failureWindowCount).toBe(1);
    expect(state.failureWindowStart).toEqual(now);
  });
});
