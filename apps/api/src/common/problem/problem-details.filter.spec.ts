import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { ProblemDetailsFilter } from './problem-details.filter';

// A reply that records what the filter sends, and a host that hands the filter a request and that reply.
function exchange() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const reply = {
    sent: false,
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    status(code: number) {
      sent.status = code;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const request = { id: 'req-1', url: '/api/v1/leads?limit=5' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  return { host, sent };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('ProblemDetailsFilter during a database outage', () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers 503 database_unavailable and notes the cause once, without a stack, for a burst of requests', () => {
    const filter = new ProblemDetailsFilter();
    const answers = [1, 2, 3].map(() => {
      const { host, sent } = exchange();
      filter.catch(refused(), host);
      return sent;
    });

    for (const sent of answers) {
      expect(sent.status).toBe(503);
      expect(sent.body).toMatchObject({ code: 'database_unavailable' });
      expect(sent.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields] = warn.mock.calls[0] as [Record<string, unknown>];
    expect(fields).toEqual({ code: 'ECONNREFUSED', reason: 'connect ECONNREFUSED 127.0.0.1:5432' });
  });

  it('still logs any other failure as an error with the thrown value', () => {
    const filter = new ProblemDetailsFilter();
    const { host, sent } = exchange();
    const bug = new TypeError('x is undefined');
    filter.catch(bug, host);

    expect(sent.status).toBe(500);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ err: bug, requestId: 'req-1' }), 'unhandled error');
  });
});
