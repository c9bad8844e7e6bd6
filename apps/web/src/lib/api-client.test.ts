import { describe, expect, it } from 'vitest';
import { ApiError, send, toApiError } from './api-client';

describe('toApiError', () => {
  it('reads status, code, detail, request id and field errors from a problem+json body', () => {
    const response = new Response(null, { status: 422 });
    const error = toApiError(response, {
      type: 'urn:hotleads:problem:validation_failed',
      title: 'Validation failed',
      status: 422,
      detail: 'The request has invalid fields',
      code: 'validation_failed',
      requestId: 'req-1',
      errors: [{ field: 'email', message: 'must be an email' }, { field: 42 }],
    });

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_failed',
      detail: 'The request has invalid fields',
      message: 'The request has invalid fields',
      requestId: 'req-1',
      fieldErrors: [{ field: 'email', message: 'must be an email' }],
      isNetworkError: false,
    });
  });

  it('falls back to the status and the x-request-id header when the body is not a problem', () => {
    const response = new Response(null, { status: 502, statusText: 'Bad Gateway', headers: { 'x-request-id': 'req-2' } });
    const error = toApiError(response, '<html>proxy error</html>');

    expect(error).toMatchObject({ status: 502, code: 'http_502', detail: 'Bad Gateway', requestId: 'req-2', fieldErrors: [] });
  });
});

describe('send', () => {
  it('turns a failed connection into a network ApiError', async () => {
    const failure = new TypeError('Failed to fetch');
    const error = await send(Promise.reject(failure)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'network_error', isNetworkError: true, cause: failure });
  });

  it('passes other failures through unchanged', async () => {
    const abort = new DOMException('aborted', 'AbortError');

    await expect(send(Promise.reject(abort))).rejects.toBe(abort);
  });

  it('returns an HTTP answer as it is, error statuses included', async () => {
    const result = { error: { code: 'not_found' }, response: new Response(null, { status: 404 }) };

    await expect(send(Promise.resolve(result))).resolves.toBe(result);
  });
});
