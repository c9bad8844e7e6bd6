import { describe, expect, it } from 'vitest';
import { ApiError, networkError } from './api-client';
import { shouldRetry } from './react-query';

describe('shouldRetry', () => {
  it('never retries a 4xx answer', () => {
    expect(shouldRetry(0, new ApiError(404, 'not_found', 'Not found'))).toBe(false);
    expect(shouldRetry(0, new ApiError(422, 'validation_failed', 'Invalid'))).toBe(false);
  });

  it('retries network failures and 5xx answers twice', () => {
    for (const error of [networkError(new TypeError('Failed to fetch')), new ApiError(503, 'service_unavailable', 'Down')]) {
      expect([0, 1, 2].map((failures) => shouldRetry(failures, error))).toEqual([true, true, false]);
    }
  });
});
