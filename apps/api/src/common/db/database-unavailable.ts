// Errors that mean "the database cannot be reached right now" rather than "this request is wrong": the
// server is down, restarting, recovering, shutting down, or the network to it is gone. Requests meanwhile
// answer 503 database_unavailable (with Retry-After), like /health/ready, instead of 500.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL SQLSTATE class 08 (connection exception) and 57P0x (operator intervention).
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
]);

// What pg and pg-pool say when a connection dies or cannot be had in time (they set no code).
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection is not open|the database system is (starting up|shutting down|in recovery mode)/i;

// TypeORM releases a query runner whose connection reported an error (the server went away mid-request);
// the request's next statement on it then fails with this instead of the driver's error.
const RELEASED_RUNNER = 'QueryRunnerAlreadyReleasedError';

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, driverError, cause, name } = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; name?: unknown };
  if (name === RELEASED_RUNNER) return true;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
  // TypeORM wraps the driver's error (QueryFailedError.driverError); others chain it as `cause`.
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
