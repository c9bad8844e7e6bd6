import { QueryFailedError } from 'typeorm';

// PostgreSQL 23505: the insert or update hit a unique index (another transaction may have won a race).
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
