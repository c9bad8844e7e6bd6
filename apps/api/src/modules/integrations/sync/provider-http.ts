import { ProviderError } from '../providers/provider-error';

export const MAX_RETRY_AFTER_MS = 10 * 60_000;

export interface HttpPolicy {
  // Who is called, for messages ("Zoho CRM").
  provider: string;
  timeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

// Counts one run's provider calls against its budget: a run that would go past it stops there, and the
// next run goes on from the checkpoint. One tenant's backlog cannot spend a limit the provider shares.
export class RequestBudget {
  used = 0;
  constructor(readonly limit: number) {}

  spend(provider: string): void {
    if (this.used >= this.limit) throw new BudgetSpentError(`${provider}: this run made its ${this.limit} requests; the next run goes on from the checkpoint`);
    this.used++;
  }
}

export class BudgetSpentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetSpentError';
  }
}

// Seconds or an HTTP date, as RFC 9110 allows; capped, and null when absent or unreadable.
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

// Exponential with full jitter: attempt 1 waits up to base, attempt 2 up to 2 x base...
export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** (attempt - 1), MAX_RETRY_AFTER_MS);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One provider call with the engine's fault rules: network errors, timeouts, 429 and 5xx are tried again
// within the run (Retry-After when given, else backoff with jitter); anything else is the caller's to
// read. Gives up with a retryable ProviderError when attempts run out.
export async function providerFetch(url: string, init: RequestInit, policy: HttpPolicy, budget: RequestBudget): Promise<HttpAnswer> {
  let last = '';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    budget.spend(policy.provider);
    let wait: number | null = null;
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(policy.timeoutMs), redirect: 'error' });
      const text = await response.text();
      if (response.status !== 429 && response.status < 500) return { status: response.status, headers: response.headers, text };
      last = response.status === 429 ? `${policy.provider} is limiting requests (429)` : `${policy.provider} failed (${response.status})`;
      wait = retryAfterMs(response.headers.get('retry-after'));
    } catch (error) {
      const name = (error as Error).name;
      last = name === 'TimeoutError' || name === 'AbortError' ? `${policy.provider} did not answer within ${policy.timeoutMs} ms` : `${policy.provider} could not be reached`;
    }
    if (attempt < policy.maxAttempts) await sleep(wait ?? backoffMs(attempt, policy.baseDelayMs));
  }
  throw new ProviderError('retryable', `${last}; gave up after ${policy.maxAttempts} attempts`);
}
