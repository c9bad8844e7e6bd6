// Brute-force policy per account, whatever the source IP: after 5 consecutive failures the account locks
// for 1, 2, 4 ... minutes (capped at an hour); and never more than 100 failures in any hour.
export const LOCK_AFTER_FAILURES = 5;
export const MAX_FAILURES_PER_HOUR = 100;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface FailureState {
  failedLoginCount: number;
  lockedUntil: Date | null;
  failureWindowStart: Date | null;
  failureWindowCount: number;
}

export function isLocked(state: Pick<FailureState, 'lockedUntil'>, now = new Date()): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

// The state after one more failure, and whether it starts a lockout.
export function afterFailure(state: FailureState, now = new Date()): FailureState & { lockStarted: boolean } {
  const windowOpen = state.failureWindowStart !== null && now.getTime() - state.failureWindowStart.getTime() < HOUR;
  const failureWindowStart = windowOpen ? state.failureWindowStart : now;
  const failureWindowCount = (windowOpen ? state.failureWindowCount : 0) + 1;
  const failedLoginCount = state.failedLoginCount + 1;
  let lockedUntil = state.lockedUntil;
  if (failedLoginCount >= LOCK_AFTER_FAILURES) {
    const minutes = Math.min(2 ** (failedLoginCount - LOCK_AFTER_FAILURES), 60);
    lockedUntil = new Date(now.getTime() + minutes * MINUTE);
  }
  if (failureWindowCount >= MAX_FAILURES_PER_HOUR) {
    const windowEnd = new Date(failureWindowStart!.getTime() + HOUR);
    if (!lockedUntil || lockedUntil < windowEnd) lockedUntil = windowEnd;
  }
  const lockStarted = lockedUntil !== null && lockedUntil > now && !isLocked(state, now);
  return { failedLoginCount, lockedUntil, failureWindowStart, failureWindowCount, lockStarted };
}

export const RESET_FAILURES: Pick<FailureState, 'failedLoginCount' | 'lockedUntil'> = { failedLoginCount: 0, lockedUntil: null };
