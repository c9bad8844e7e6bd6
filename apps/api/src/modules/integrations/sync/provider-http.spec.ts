import { backoffMs, MAX_RETRY_AFTER_MS, RequestBudget, retryAfterMs } from './provider-http';

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and caps at 10 minutes', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('86400')).toBe(MAX_RETRY_AFTER_MS);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('backoffMs', () => {
  it('doubles per attempt with jitter in the upper half, capped', () => {
    expect(backoffMs(1, 1000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, () => 0.5)).toBe(3000);
    expect(backoffMs(40, 1000, () => 1)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('RequestBudget', () => {
  it('refuses the call past its limit', () => {
    const budget = new RequestBudget(2);
    budget.spend('Zoho CRM');
    budget.spend('Zoho CRM');
    expect(() => budget.spend('Zoho CRM')).toThrow('Zoho CRM: this run made its 2 requests; the next run goes on from the checkpoint');
    expect(budget.used).toBe(2);
  });
});
