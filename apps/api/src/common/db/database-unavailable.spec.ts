import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['admin_shutdown', withCode('57P01', 'terminating connection due to administrator command')],
    ['cannot_connect_now', withCode('57P03', 'the database system is starting up')],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a wrapped driver error', new QueryFailedError('select 1', [], withCode('57P01'))],
    ['a chained cause', new Error('outer', { cause: withCode('ECONNRESET') })],
    // TypeORM releases the runner of a connection that errored; the next statement on it fails so.
    ['a query runner released after its connection failed', new QueryRunnerAlreadyReleasedError()],
  ])('knows %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('insert', [], withCode('23505', 'duplicate key'))],
    ['a syntax error', withCode('42601', 'syntax error')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('leaves %s alone', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
